using Microsoft.Extensions.Options;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// The agents a conversation can be transferred to: enabled console accounts (Entra ID agents get one at their first
/// sign-in), the agents the API keys act as, and anyone signed in now.
internal sealed class AgentDirectory(AgentAccountStore accounts, AgentPresence presence, IOptions<AgentOptions> options)
{
    /// The agent, or null when no account, key or signed-in agent has that id. Name is empty when there is no
    /// display name to show a customer (an API key without one, an Entra ID agent known only by presence).
    public async Task<AgentIdentity?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (AgentAccount.IsValidId(id) && await accounts.FindAsync(id, cancellationToken) is { } account)
        {
            // A disabled agent cannot take the conversation, even while an old session still shows them online.
            return account.Disabled ? null : account.Identity;
        }
        if (options.Value.ApiKeys.FirstOrDefault(k => k.Agent == id) is { } key)
        {
            return new AgentIdentity(key.Agent, key.Name, key.Role);
        }
        return (await presence.OnlineAsync()).Contains(id, StringComparer.Ordinal) ? new AgentIdentity(id, string.Empty, AgentIdentity.AgentRole) : null;
    }
}
