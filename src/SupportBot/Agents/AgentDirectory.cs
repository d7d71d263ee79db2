using Microsoft.Extensions.Options;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// The agents a conversation can be transferred to: console accounts, the agents the API keys act as, and anyone
/// signed in now (Entra ID agents have no account in the store, and are known only while they are around).
internal sealed class AgentDirectory(AgentAccountStore accounts, AgentPresence presence, IOptions<AgentOptions> options)
{
    /// The agent, or null when no account, key or signed-in agent has that id. Name is empty when there is no
    /// display name to show a customer (an API key without one, an Entra ID agent known only by presence).
    public async Task<AgentIdentity?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (AgentAccount.IsValidId(id) && await accounts.FindAsync(id, cancellationToken) is { } account)
        {
            return account.Identity;
        }
        if (options.Value.ApiKeys.FirstOrDefault(k => k.Agent == id) is { } key)
        {
            return new AgentIdentity(key.Agent, key.Name, key.Role);
        }
        return (await presence.OnlineAsync()).Contains(id, StringComparer.Ordinal) ? new AgentIdentity(id, string.Empty, AgentIdentity.AgentRole) : null;
    }
}
