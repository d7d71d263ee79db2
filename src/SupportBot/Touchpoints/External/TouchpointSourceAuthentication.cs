using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SupportBot.Credentials;

namespace SupportBot.Touchpoints.External;

/// Authenticates systems posting touchpoints by X-Api-Key against `Touchpoints:ApiKeys` (not the agents' keys).
/// Keys are compared as ApiKeys does; the caller is then known by a digest prefix, so logs and stored idempotency
/// keys never hold the key.
internal sealed partial class TouchpointSourceAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory loggers, UrlEncoder encoder, IOptions<TouchpointsOptions> touchpoints)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggers, encoder)
{
    public const string SchemeName = "TouchpointSource";
    public const string Policy = "touchpoint-sources";
    public const string Header = "X-Api-Key";
    public const string PathPrefix = "/api/touchpoints";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var presented = ApiKeys.Digest(values.ToString());
        var matched = ApiKeys.IndexOf(presented, touchpoints.Value.ApiKeys) >= 0;
        if (!matched)
        {
            LogRejected(Logger, Context.Connection.RemoteIpAddress?.ToString());
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }
        var caller = "source-" + Convert.ToHexStringLower(presented)[..12];
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, caller)], SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a touchpoint post with an unknown API key from {RemoteAddress}")]
    private static partial void LogRejected(ILogger logger, string? remoteAddress);
}
