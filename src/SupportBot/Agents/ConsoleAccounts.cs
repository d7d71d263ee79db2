using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// The accounts behind console cookies, read again at most every Agents:SessionRecheckSeconds, so a cookie request
/// costs no store read while a supervisor's change still reaches every instance within that interval. Changes made
/// on this instance are forgotten at once. An Entra ID account is also checked against Microsoft Graph at each
/// re-read (EntraIdAppRoles): without its app role, or disabled or deleted in Entra ID, it reads as disabled, and
/// with only the agent app role as an agent. While Graph cannot answer, the last answer holds for
/// Agents:EntraId:GraphGraceMinutes (a short outage does not sign everyone out), then the account reads as disabled:
/// a session is never kept for long on a verdict nobody can check.
internal sealed partial class ConsoleAccounts(
    AgentAccountStore accounts, EntraIdAppRoles appRoles, IOptions<AgentOptions> options, TimeProvider time, ILogger<ConsoleAccounts> logger)
{
    private readonly ConcurrentDictionary<string, (AgentAccount? Account, DateTimeOffset ReadAt)> _read = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (string? Role, DateTimeOffset At)> _graphAnswered = new(StringComparer.OrdinalIgnoreCase);

    public async Task<AgentAccount?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_read.TryGetValue(id, out var read) && now - read.ReadAt < TimeSpan.FromSeconds(options.Value.SessionRecheckSeconds))
        {
            return read.Account;
        }
        var account = await accounts.FindAsync(id, cancellationToken);
        if (account is { EntraObjectId: { } objectId, Disabled: false } && options.Value.EntraId.Enabled)
        {
            account = WithAppRole(account, await AppRoleAsync(account, objectId, now, cancellationToken));
        }
        _read[id] = (account, now);
        return account;
    }

    public void Forget(string id) => _read.TryRemove(id, out _);

    // The account's local role caps the app role, as at sign-in (EntraIdAccounts).
    private static AgentAccount WithAppRole(AgentAccount account, string? appRole) => appRole switch
    {
        null => account with { Disabled = true },
        AgentIdentity.AgentRole => account with { Role = AgentIdentity.AgentRole },
        _ => account,
    };

    private async Task<string?> AppRoleAsync(AgentAccount account, string objectId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var role = await appRoles.RoleAsync(objectId, cancellationToken);
            _graphAnswered[account.Id] = (role, now);
            return role;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Never answered on this instance: the sign-in's token was checked, so the grace counts from now.
            var last = _graphAnswered.GetOrAdd(account.Id, (account.Role, now));
            var grace = TimeSpan.FromMinutes(options.Value.EntraId.GraphGraceMinutes);
            var keep = now - last.At <= grace;
            LogGraphUnreachable(logger, account.Id, ex.Message, keep ? "keeps its last known role" : "ends: the grace is over");
            return keep ? last.Role : null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the Entra ID app roles of {AgentId} from Microsoft Graph ({Reason}); the session {Outcome}")]
    private static partial void LogGraphUnreachable(ILogger logger, string agentId, string reason, string outcome);
}
