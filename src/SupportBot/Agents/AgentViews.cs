using SupportBot.Answering;
using SupportBot.Handoff;
using SupportBot.Touchpoints;

namespace SupportBot.Agents;

/// A handoff as the agent API shows it.
internal sealed record HandoffView(
    string ConversationId, string Channel, string CustomerId, string State, string Reason, string Summary, string Queue,
    string? AgentId, DateTimeOffset QueuedAt, DateTimeOffset? ClaimedAt, double WaitSeconds, int? Position)
{
    public static HandoffView From(HandoffRecord handoff, DateTimeOffset now, int? position = null) => new(
        handoff.ConversationId, handoff.Channel, handoff.CustomerId, handoff.State, handoff.Reason, handoff.Summary, handoff.Queue,
        handoff.AgentId, handoff.QueuedAt, handoff.ClaimedAt, ((handoff.ClaimedAt ?? now) - handoff.QueuedAt).TotalSeconds, position);

    /// Where the handoff stands against its queue's nearest SLA target; null when it has none.
    public SlaView? Sla { get; init; }
}

/// One touchpoint in a transcript or journey.
internal sealed record TouchpointView(
    DateTimeOffset At, string ConversationId, string Channel, string Kind, string? Text, string? Reason, string? AgentId,
    IReadOnlyList<string> CitedArticleIds, double? Confidence, double? DurationMs)
{
    public static TouchpointView From(Touchpoint t)
        => new(t.OccurredAt, t.ConversationId, t.Channel, t.Kind, t.Text, t.Reason, t.AgentId, t.CitedArticleIds, t.Confidence, t.DurationMs);
}

internal sealed record TranscriptView(HandoffView? Handoff, IReadOnlyList<TouchpointView> Transcript, IReadOnlyList<TouchpointView> Journey, string CustomerId);

internal sealed record AgentMessageRequest(string? Text);

internal sealed record TransferRequest(string? Agent, string? Queue);

internal sealed record AgentMessageSent(string ConversationId, DateTimeOffset SentAt);

/// The customer's latest message and the knowledge sections that may answer it.
internal sealed record SuggestionsView(string? Message, IReadOnlyList<Suggestion> Suggestions);
