using SupportBot.Touchpoints;

namespace SupportBot.Analytics.Demo;

/// One demo conversation's touchpoints, written in order on its own clock.
internal sealed class DemoConversation(string id, DemoCustomer customer, DateTimeOffset start)
{
    private readonly List<Touchpoint> _touchpoints = [];
    private int _answers;

    public DemoCustomer Customer { get; } = customer;

    public DateTimeOffset At { get; private set; } = start;

    public IReadOnlyList<Touchpoint> Touchpoints => _touchpoints;

    /// A touchpoint `afterSeconds` after the previous one.
    public Touchpoint Add(string kind, string? text, double afterSeconds, string? reason = null, Func<Touchpoint, Touchpoint>? with = null)
    {
        At = At.AddSeconds(afterSeconds);
        var touchpoint = new Touchpoint
        {
            OccurredAt = At,
            ConversationId = id,
            Channel = Customer.Channel,
            CustomerId = Customer.Id,
            Kind = kind,
            Text = text,
            Reason = reason,
        };
        touchpoint = with is null ? touchpoint : with(touchpoint);
        _touchpoints.Add(touchpoint);
        return touchpoint;
    }

    /// The bot's answer from a topic's article; returns its activity id, which feedback names.
    public string Answer(DemoTopic topic, double confidence, double latencySeconds)
    {
        var activityId = $"{id}-answer-{++_answers}";
        Add(TouchpointKind.BotAnswer, $"Here's what our help center says about *{topic.Title}*.", latencySeconds, with: t => t with
        {
            CitedArticleIds = [topic.ArticleId!],
            Confidence = Math.Round(confidence, 3),
            LatencyMs = Math.Round(latencySeconds * 1000),
            ActivityId = activityId,
        });
        return activityId;
    }

    public void Feedback(string rating, string answerId, double afterSeconds)
        => Add(TouchpointKind.Feedback, null, afterSeconds, rating, t => t with { ActivityId = answerId });

    public Touchpoint Purchase(DateTimeOffset at, string product) => new()
    {
        OccurredAt = at,
        ConversationId = $"{id}-purchase",
        Channel = "store",
        CustomerId = Customer.Id,
        Kind = TouchpointKind.Purchase,
        Text = product,
    };
}
