using Microsoft.Extensions.Options;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// The agents a conversation can be transferred to: enabled console accounts (Entra ID agents get one at their first
/// sign-in), the agents the API keys act as, and anyone signed in now.
internal sealed class AgentDirectory(AgentAccountStore accounts, AgentPresence presence, IOptions<AgentOptions> options) : IAgentLookup
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

    /// Everyone FindAsync accepts, for the console's transfer picker: enabled accounts, the API keys' agents and
    /// anyone else online, each once (by id, as FindAsync finds them), online agents first.
    public async Task<IReadOnlyList<TransferTargetAgent>> ListAsync(CancellationToken cancellationToken)
    {
        var online = (await presence.OnlineAsync()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var targets = new Dictionary<string, TransferTargetAgent>(StringComparer.OrdinalIgnoreCase);
        foreach (var account in await accounts.ListAsync(cancellationToken))
        {
            targets[account.Id] = new(account.Id, account.Name, account.Role, online.Contains(account.Id), Enabled: !account.Disabled);
        }
        foreach (var key in options.Value.ApiKeys.Where(k => !targets.ContainsKey(k.Agent)))
        {
            targets[key.Agent] = new(key.Agent, key.Name, key.Role, online.Contains(key.Agent), Enabled: true);
        }
        foreach (var id in online.Where(id => !targets.ContainsKey(id)))
        {
            targets[id] = new(id, string.Empty, AgentIdentity.AgentRole, Online: true, Enabled: true);
        }
        return [.. targets.Values.Where(t => t.Enabled).OrderByDescending(t => t.Online).ThenBy(t => t.Name.Length > 0 ? t.Name : t.Id, StringComparer.OrdinalIgnoreCase)];
    }
}

/// An agent a conversation can be transferred to. Name is what the customer is told; empty: "another agent".
internal sealed record TransferTargetAgent(string Id, string Name, string Role, bool Online, [property: System.Text.Json.Serialization.JsonIgnore] bool Enabled);

/// The transfer picker's choices: agents and the queues.
internal sealed record TransferTargetsView(IReadOnlyList<TransferTargetAgent> Agents, IReadOnlyList<string> Queues);
