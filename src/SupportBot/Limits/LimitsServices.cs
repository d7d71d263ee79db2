using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace SupportBot.Limits;

internal static class LimitsServices
{
    public static WebApplicationBuilder AddLimits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<KeyedRateLimits>();
        var limits = builder.Configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
        // The server-wide ceiling; RequestBodyLimit sets each request's own limit under (or, declared, above) it.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);
        // A body cut off by the server's limit, or unreadable, is the client's fault: 413/400, not 500.
        services.Configure<ExceptionHandlerOptions>(options => options.StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);

        services.AddRateLimiter(options =>
        {
            options.OnRejected = LimitProblems.OnRejectedAsync;
            options.AddPolicy(RateLimitPolicies.Tokens, context => RatePartitions.PerWindow(
                RatePartitions.ClientAddress(context), Current(context).TokensPerClientPerMinute, TimeSpan.FromMinutes(1)));
            options.AddPolicy(RateLimitPolicies.ConversationActivities, context => RatePartitions.PerWindow(
                RatePartitions.Conversation(context), Current(context).ActivitiesPerConversationPerMinute, TimeSpan.FromMinutes(1)));
            options.AddPolicy(RateLimitPolicies.SignIn, context => RatePartitions.PerWindow(
                RatePartitions.ClientAddress(context), Current(context).SignInsPerClientPerMinute, TimeSpan.FromMinutes(1)));
        });
        return builder;
    }

    /// After routing (the endpoint decides the limits), before authentication and the endpoints themselves.
    public static WebApplication UseLimits(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyLimit>();
        app.UseRateLimiter();
        return app;
    }

    private static LimitsOptions Current(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
}
