using System.Text.RegularExpressions;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// A local console account (development and small teams; Entra ID is the production sign-in).
internal sealed partial record AgentAccount(string Id, string Name, string Role, string PasswordHash, DateTimeOffset CreatedAt)
{
    public AgentIdentity Identity => new(Id, Name, Role);

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static bool IsValidRole(string? role) => role is AgentIdentity.AgentRole or AgentIdentity.SupervisorRole;

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex IdPattern();
}
