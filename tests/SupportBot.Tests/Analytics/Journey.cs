using SupportBot.Touchpoints;

namespace SupportBot.Tests.Analytics;

/// Writes one conversation's touchpoints, one step at a time and a second apart, as the bot and the handoff log
/// them; the tests know every figure they planted.
internal sealed class Journey(string conversationId, string customerId, DateTimeOffset start, string channel = "directline")
{
    private readonly List<Touchpoint> _touchpoints = [];
    private DateTimeOffset _at = start;
    private int _replies;

    public IReadOnlyList<Touchpoint> Touchpoints => _touchpoints;

    public Journey Says(string text) => Add(TouchpointKind.CustomerMessage, text);

    public Journey Answered(double latencyMs, string? activityId = null, string? article = null)
        => Add(TouchpointKind.BotAnswer, "Here is how.", t => t with
        {
            LatencyMs = latencyMs,
            Confidence = 0.8,
            ActivityId = activityId ?? $"{conversationId}-reply-{++_replies}",
            CitedArticleIds = article is null ? [] : [article],
        });

    public Journey SmallTalk() => Add(TouchpointKind.SmallTalk, "You're welcome!");

    public Journey Escalated(string reason) => Add(TouchpointKind.Escalation, "Let me find a person.", t => t with { Reason = reason });

    public Journey Queued(string reason = "customer_asked") => Add(TouchpointKind.Queued, "Summary", t => t with { Reason = reason });

    public Journey Claimed(double waitMs, string agent = "dewi") => Add(TouchpointKind.Claimed, null, t => t with { AgentId = agent, DurationMs = waitMs });

    public Journey AgentReplied(double? firstResponseMs) => Add(TouchpointKind.AgentReply, "Happy to help.", t => t with { AgentId = "dewi", DurationMs = firstResponseMs });

    public Journey Resolved(double handleMs) => Add(TouchpointKind.Resolution, null, t => t with { AgentId = "dewi", DurationMs = handleMs });

    public Journey Cancelled() => Add(TouchpointKind.HandoffCancelled, "cancel");

    public Journey Ticket() => Add(TouchpointKind.Ticket, "Please call me", t => t with { Reason = "me@example.com" });

    public Journey Rated(int rating) => Add(TouchpointKind.Survey, null, t => t with { Confidence = rating });

    /// A like or dislike of the latest bot answer.
    public Journey Feedback(string rating)
        => Add(TouchpointKind.Feedback, null, t => t with { Reason = rating, ActivityId = _touchpoints.Last(x => x.Kind == TouchpointKind.BotAnswer).ActivityId });

    public Journey Purchased(string summary) => Add(TouchpointKind.Purchase, summary);

    public Task WriteAsync(TouchpointStore store) => store.AppendManyAsync(_touchpoints);

    private Journey Add(string kind, string? text, Func<Touchpoint, Touchpoint>? with = null)
    {
        var touchpoint = new Touchpoint
        {
            OccurredAt = _at,
            ConversationId = conversationId,
            Channel = channel,
            CustomerId = customerId,
            Kind = kind,
            Text = text,
        };
        _touchpoints.Add(with is null ? touchpoint : with(touchpoint));
        _at = _at.AddSeconds(1);
        return this;
    }
}
