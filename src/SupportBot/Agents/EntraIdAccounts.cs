using System.Security.Claims;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// Entra ID users as console accounts. A user is known by tenant and object id, which Entra ID never renames or
/// hands to someone else (a user name can be both). The first sign-in makes the account, named by the user name so
/// that conversations an agent held when accounts were keyed by user name stay theirs; afterwards a changed user name
/// signs in to the same account, and a new user given an old user name gets no account until a supervisor deletes
/// the old one. The account's local state applies as to local accounts: disabled, deleted, sessions ended, and its
/// role caps the app role (a supervisor needs both).
internal sealed partial class EntraIdAccounts(AgentAccountStore accounts, ILogger<EntraIdAccounts> logger)
{
    /// The account the user signs in to with the role that applies, or null with why not.
    public async Task<(AgentAccount? Account, string? Refusal)> SignInAsync(EntraIdUser user, CancellationToken cancellationToken)
    {
        var account = await accounts.FindByEntraObjectIdAsync(user.ObjectId, cancellationToken);
        if (account is null)
        {
            if (!AgentAccount.IsValidId(user.UserName))
            {
                return Refused(user, $"the user name '{user.UserName}' cannot be an agent id");
            }
            var created = await accounts.CreateEntraIdAsync(user.UserName, user.Name, user.Role, user.ObjectId, cancellationToken);
            // Not created: the id is taken, or this user's first sign-in in another tab made the account just now.
            account = await accounts.FindByEntraObjectIdAsync(user.ObjectId, cancellationToken);
            if (account is null)
            {
                return Refused(user, $"there is already an account '{user.UserName}' of a local agent or another Entra ID user; a supervisor deletes it first");
            }
            if (created)
            {
                LogCreated(logger, account.Id, user.ObjectId);
            }
        }
        if (account.Disabled)
        {
            return Refused(user, $"the account '{account.Id}' is disabled");
        }
        var role = account.Role == AgentIdentity.SupervisorRole && user.Role == AgentIdentity.SupervisorRole ? AgentIdentity.SupervisorRole : AgentIdentity.AgentRole;
        return (account with { Role = role }, null);
    }

    private (AgentAccount?, string?) Refused(EntraIdUser user, string reason)
    {
        LogRefused(logger, user.ObjectId, reason);
        return (null, $"This Microsoft account may not use the console: {reason}.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the console account {AgentId} for the Entra ID user {ObjectId}")]
    private static partial void LogCreated(ILogger logger, string agentId, string objectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused the Entra ID user {ObjectId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string objectId, string reason);
}

/// Who an Entra ID token names: ObjectId is '<tenant id>/<object id>'; Role the higher of its app roles.
internal sealed record EntraIdUser(string ObjectId, string UserName, string Name, string Role)
{
    /// Null without an object id, a tenant id or one of the app roles 'agent' and 'supervisor'.
    public static EntraIdUser? From(ClaimsPrincipal token)
    {
        var roles = token.FindAll("roles").Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var role = roles.Contains(AgentIdentity.SupervisorRole) ? AgentIdentity.SupervisorRole
            : roles.Contains(AgentIdentity.AgentRole) ? AgentIdentity.AgentRole
            : null;
        var oid = token.FindFirstValue("oid");
        var tid = token.FindFirstValue("tid");
        if (role is null || string.IsNullOrEmpty(oid) || string.IsNullOrEmpty(tid))
        {
            return null;
        }
        var userName = token.FindFirstValue("preferred_username") ?? oid;
        return new EntraIdUser($"{tid}/{oid}", userName, token.FindFirstValue("name") ?? userName, role);
    }
}
