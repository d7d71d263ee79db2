namespace SupportBot.Handoff;

/// Who is acting in the agent console or API. Supervisors may act on any conversation; agents on the ones they
/// hold and the queue.
internal sealed record AgentIdentity(string Id, string Name, string Role)
{
    public const string AgentRole = "agent";
    public const string SupervisorRole = "supervisor";

    public bool IsSupervisor => Role == SupervisorRole;
}
