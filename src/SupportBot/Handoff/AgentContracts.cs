namespace SupportBot.Handoff;

// What handoff needs of the agents' side, implemented in Agents (HandoffNotifier, AgentDirectory, AgentAvailability)
// and registered by AddAgents: handoff states what it asks, and does not depend on the console, its hub or presence.

/// Tells the agents' consoles what changed in a handoff (HandoffNotifier pushes it through the hub).
internal interface IHandoffEvents
{
    void PushQueueChanged(HandoffRecord handoff);

    void PushAssigned(string agentId, HandoffRecord handoff);

    void PushAgentMessage(string conversationId, AgentIdentity agent, string text, DateTimeOffset at);

    void PushTicketChanged(long ticketId, string status);
}

/// Who an agent id names (AgentDirectory): null when no account, key or signed-in agent has it.
internal interface IAgentLookup
{
    Task<AgentIdentity?> FindAsync(string id, CancellationToken cancellationToken);
}

/// Who can take a conversation now (AgentAvailability).
internal interface IAgentAvailability
{
    /// Every agent alive now (or with a routing row), with their effective status, capacity and load.
    Task<IReadOnlyList<AgentState>> ListAsync(IEnumerable<HandoffRecord> open, CancellationToken cancellationToken);

    /// Whether anyone can take a conversation now (a handoff queues) or not (the customer leaves a message).
    Task<bool> AnyAvailableAsync(CancellationToken cancellationToken);

    /// The agents round robin may give a conversation of this queue to, the one who waited longest first.
    IEnumerable<AgentState> CandidatesFor(IEnumerable<AgentState> agents, string queue, RoutingOptions settings);
}
