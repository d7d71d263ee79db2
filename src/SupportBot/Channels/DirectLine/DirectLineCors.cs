using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace SupportBot.Channels.DirectLine;

/// Web Chat on a customer's own site calls this host across origins. Direct Line itself is open to any origin, as
/// the service is: every call carries a bearer token (no cookies), and a token made for trusted origins is checked
/// against the request's Origin by the channel. The page token endpoint answers only this host's pages and the
/// configured DirectLine:TrustedOrigins, so no other site's script can read a token from it.
internal static class DirectLineCors
{
    public const string DirectLinePolicy = "DirectLine";
    public const string PageTokenPolicy = "DirectLinePageToken";

    // What DirectLineJS and Web Chat send: the bearer token, JSON, their agent string, and the X-Requested-With that
    // DirectLineJS's RxJS ajax adds to every request.
    private static readonly string[] RequestHeaders = ["Authorization", "Content-Type", "Accept", "x-ms-bot-agent", "x-requested-with"];

    public static IServiceCollection AddDirectLineCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<DirectLineOptions>>((cors, directLine) =>
        {
            cors.AddPolicy(DirectLinePolicy, policy => policy.AllowAnyOrigin().WithHeaders(RequestHeaders).WithMethods("GET", "POST"));
            var trusted = directLine.Value.TrustedOrigins.Select(Origins.Normalize).OfType<string>().ToHashSet(StringComparer.Ordinal);
            cors.AddPolicy(PageTokenPolicy, policy => policy
                .SetIsOriginAllowed(origin => Origins.Normalize(origin) is { } normalized && trusted.Contains(normalized))
                .WithHeaders(RequestHeaders)
                .WithMethods("POST"));
        });
        return services;
    }
}
