using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace SupportBot.Limits;

internal static class LimitsServices
{
    public static WebApplicationBuilder AddLimits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RateCounts>();
        services.AddSingleton<KeyedRateLimits>();
        var limits = builder.Configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
        // The server-wide ceiling; RequestBodyLimit sets each request's own limit under (or, declared, above) it.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);
        // A body cut off by the server's limit, or unreadable, is the client's fault: 413/400, not 500.
        services.Configure<ExceptionHandlerOptions>(options => options.StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);

        services.AddRateLimiter(options =>
        {
            options.OnRejected = LimitProblems.OnRejectedAsync;
            options.AddPolicy(RateLimitPolicies.Tokens, context => PerMinute(
                context, RateLimitPolicies.Tokens, RatePartitions.ClientAddress(context), Current(context).TokensPerClientPerMinute));
            options.AddPolicy(RateLimitPolicies.ConversationActivities, context => PerMinute(
                context, RateLimitPolicies.ConversationActivities, RatePartitions.Conversation(context), Current(context).ActivitiesPerConversationPerMinute));
            options.AddPolicy(RateLimitPolicies.SignIn, context => PerMinute(
                context, RateLimitPolicies.SignIn, RatePartitions.ClientAddress(context), Current(context).SignInsPerClientPerMinute));
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

    // Counted in Redis when it is configured (every instance shares the count), else in process as the middleware does.
    private static RateLimitPartition<string> PerMinute(HttpContext context, string policy, string key, int permits)
    {
        var counts = context.RequestServices.GetRequiredService<RateCounts>();
        return counts.Shared
            ? RateLimitPartition.Get(key, partition => new CountedLimiter(counts, new RateLimit(policy, permits, TimeSpan.FromMinutes(1)), partition))
            : RatePartitions.PerWindow(key, permits, TimeSpan.FromMinutes(1));
    }

    private static LimitsOptions Current(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
}
