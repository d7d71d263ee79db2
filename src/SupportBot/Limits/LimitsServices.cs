using Microsoft.AspNetCore.Diagnostics;
using SupportBot.Settings;

namespace SupportBot.Limits;

internal static class LimitsServices
{
    public static WebApplicationBuilder AddLimits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<LimitsOptions>(LimitsOptions.Section);
        services.AddSingleton<RateCounts>();
        services.AddSingleton<KeyedRateLimits>();
        var limits = builder.Configuration.ReadSettings<LimitsOptions>(LimitsOptions.Section);
        // The server-wide ceiling; RequestBodyLimit sets each request's own limit under (or, declared, above) it.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);
        // A body cut off by the server's limit, or unreadable, is the client's fault: 413/400, not 500.
        services.Configure<ExceptionHandlerOptions>(options => options.StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        return builder;
    }

    /// After routing (the endpoint decides the limits), before authentication and the endpoints themselves.
    public static WebApplication UseLimits(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyLimit>();
        app.UseMiddleware<EndpointRateLimit>();
        return app;
    }
}
