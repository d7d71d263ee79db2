namespace SupportBot.Handoff;

internal enum HandoffStatus
{
    Done,
    NotFound,
    Conflict,
    Forbidden,
    Unreachable,
    UnknownTarget,
}

/// What an agent's action came to; anything but Done carries a problem an API caller can read.
internal sealed record HandoffResult(HandoffStatus Status, HandoffRecord? Handoff = null, string? Problem = null)
{
    public static HandoffResult Done(HandoffRecord handoff) => new(HandoffStatus.Done, handoff);

    public static HandoffResult NotFound(string conversationId) => new(HandoffStatus.NotFound, Problem: $"No open handoff for conversation '{conversationId}'.");

    public static HandoffResult Conflict(HandoffRecord handoff, string problem) => new(HandoffStatus.Conflict, handoff, problem);

    public static HandoffResult UnknownTarget(HandoffRecord handoff, string problem) => new(HandoffStatus.UnknownTarget, handoff, problem);

    public static HandoffResult Forbidden(HandoffRecord handoff, string problem) => new(HandoffStatus.Forbidden, handoff, problem);
}
