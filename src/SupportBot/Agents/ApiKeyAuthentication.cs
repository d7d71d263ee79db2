using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// Authenticates agent API callers by the X-Api-Key header against `Agents:ApiKeys`. Keys are compared as
/// SHA-256 digests in constant time, so response timing says nothing about how much of a key was right.
internal sealed partial class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory loggers, UrlEncoder encoder, IOptions<AgentOptions> agents)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggers, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(values.ToString()));
        var match = agents.Value.ApiKeys.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(k.Key))));
        if (match is null)
        {
            LogRejected(Logger, Context.Connection.RemoteIpAddress?.ToString());
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }
        var agent = new AgentIdentity(match.Agent, match.Name.Length > 0 ? match.Name : match.Agent, match.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(AgentPrincipal.Create(agent, SchemeName), SchemeName)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an agent API call with an unknown API key from {RemoteAddress}")]
    private static partial void LogRejected(ILogger logger, string? remoteAddress);
}
