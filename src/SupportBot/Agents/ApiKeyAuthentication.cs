using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SupportBot.Credentials;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// Authenticates agent API callers by the X-Api-Key header against `Agents:ApiKeys`, compared as ApiKeys does.
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
        var keys = agents.Value.ApiKeys;
        var index = ApiKeys.IndexOf(ApiKeys.Digest(values.ToString()), keys.Select(k => k.Key));
        var match = index < 0 ? null : keys[index];
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
