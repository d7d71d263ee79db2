namespace SupportBot.Handoff;

/// An agent as routing sees them. Status is what they chose; Effective is online, away (chosen, or idle), busy or offline.
internal sealed record AgentState(string AgentId, string Status, string Effective, bool Idle, int Capacity, int Load, DateTimeOffset? LastAssignedAt);
