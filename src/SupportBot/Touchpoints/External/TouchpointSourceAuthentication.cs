using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SupportBot.Touchpoints.External;

/// Authenticates systems posting touchpoints by X-Api-Key against `Touchpoints:ApiKeys` (not the agents' keys).
/// Keys are compared as SHA-256 digests in constant time; the caller is then known by a digest prefix, so logs
/// and stored idempotency keys never hold the key.
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
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(values.ToString()));
        var matched = false;
        // Every key is compared, so the time taken says nothing about which one matched.
        foreach (var key in touchpoints.Value.ApiKeys)
        {
            matched |= CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }
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
