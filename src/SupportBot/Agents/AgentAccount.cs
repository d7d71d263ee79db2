using System.Text.RegularExpressions;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// A console account: local (a password) or Microsoft Entra ID (EntraObjectId set, no password). SessionVersion is
/// what the account's cookies carry; a supervisor moving it on ends them all.
internal sealed partial record AgentAccount(
    string Id, string Name, string Role, string PasswordHash, DateTimeOffset CreatedAt, bool Disabled = false, long SessionVersion = 0, string? EntraObjectId = null)
{
    public AgentIdentity Identity => new(Id, Name, Role);

    public AccountView View => new(Id, Name, Role, Disabled, EntraObjectId is not null);

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static bool IsValidRole(string? role) => role is AgentIdentity.AgentRole or AgentIdentity.SupervisorRole;

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex IdPattern();
}
