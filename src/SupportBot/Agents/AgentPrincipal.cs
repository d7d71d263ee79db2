using System.Security.Claims;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// The one shape of a signed-in agent, whichever way they signed in (API key, local account, Entra ID): the
/// agent API and the hub read id, name and role from these claims.
internal static class AgentPrincipal
{
    public static ClaimsPrincipal Create(AgentIdentity agent, string authenticationType) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, agent.Id),
            new Claim(ClaimTypes.Name, agent.Name),
            new Claim(ClaimTypes.Role, agent.Role),
        ],
        authenticationType));
}
