using SupportBot.Touchpoints;

namespace SupportBot.Analytics;

/// What the overview and the driver analysis need to know of one conversation, read once from its touchpoints:
/// the unit of the rollup (AnalyticsRollup keeps one row of it per conversation). Both the in-memory path and the
/// store's rollup compute every figure from these facts, so the two cannot disagree. FirstMessageAt is the earliest
/// customer message (what a range selects by); StartedAt is the first one written (what the day and month are).
internal sealed record ConversationFacts(
    string Id,
    string CustomerId,
    string Channel,
    DateTimeOffset FirstMessageAt,
    DateTimeOffset StartedAt,
    string? Language,
    bool Returning,
    bool Purchaser,
    bool Contained,
    IReadOnlySet<string> EscalationReasons,
    string? FirstAgent,
    double? FirstWaitMs,
    double? MaxWaitMs,
    bool AskedAgain,
    int Likes,
    int Dislikes,
    bool Transferred,
    bool LeftQueue,
    bool LeftMessage,
    QueueCounts Queue,
    IReadOnlyList<int> RatingCounts,
    IReadOnlyList<ConversationTiming> Timings)
{
    public int Rated => RatingCounts.Sum();

    /// The mean of the conversation's surveys (one per handoff); null when it has none.
    public double? Rating => Rated == 0 ? null : (double)RatingCounts.Select((n, i) => (long)n * (i + 1)).Sum() / Rated;

    public static IReadOnlyList<ConversationFacts> From(IReadOnlyList<ConversationJourney> conversations, Func<ConversationJourney, bool> askedAgain)
        => [.. conversations.Select(c => From(c, askedAgain))];

    public static ConversationFacts From(ConversationJourney c, Func<ConversationJourney, bool> askedAgain)
    {
        var claims = c.OfKind(TouchpointKind.Claimed).ToList();
        var feedback = c.OfKind(TouchpointKind.Feedback).ToList();
        var waits = claims.Where(t => t.DurationMs is not null).Select(t => t.DurationMs!.Value).ToList();
        var ratings = c.Ratings.ToList();
        return new ConversationFacts(
            c.Id,
            c.CustomerId,
            c.Channel,
            c.OfKind(TouchpointKind.CustomerMessage).Min(t => t.OccurredAt),
            c.StartedAt,
            c.Language,
            c.Returning,
            c.Purchaser,
            c.Contained,
            c.EscalationReasons,
            claims.FirstOrDefault()?.AgentId,
            claims.FirstOrDefault()?.DurationMs,
            waits.Count == 0 ? null : waits.Max(),
            // Only the driver analysis asks, and only of rated conversations: the question terms are the costly part
            // of a rebuild. A survey arriving later rebuilds the conversation.
            ratings.Count > 0 && askedAgain(c),
            feedback.Count(f => f.Reason == "like"),
            feedback.Count(f => f.Reason == "dislike"),
            c.OfKind(TouchpointKind.Transfer).Any(),
            c.OfKind(TouchpointKind.HandoffCancelled).Any(),
            c.OfKind(TouchpointKind.Ticket).Any(),
            QueueCounts.Of(c),
            [.. Enumerable.Range(1, 5).Select(r => ratings.Count(x => x == r))],
            [.. TimingsOf(c)]);
    }

    private static IEnumerable<ConversationTiming> TimingsOf(ConversationJourney c)
    {
        IEnumerable<ConversationTiming> Of(string kind, TimingMetric metric, Func<Touchpoint, double?> value)
            => c.OfKind(kind).Select(value).Where(v => v is >= 0).Select(v => new ConversationTiming(metric, v!.Value));
        return Of(TouchpointKind.BotAnswer, TimingMetric.BotAnswer, t => t.LatencyMs)
            .Concat(Of(TouchpointKind.AgentReply, TimingMetric.AgentFirstResponse, t => t.DurationMs))
            .Concat(Of(TouchpointKind.Claimed, TimingMetric.QueueWait, t => t.DurationMs))
            .Concat(Of(TouchpointKind.Resolution, TimingMetric.Handle, t => t.DurationMs));
    }
}

/// The durations the overview's response times are made of; the numbers are stored.
internal enum TimingMetric
{
    BotAnswer = 0,
    AgentFirstResponse = 1,
    QueueWait = 2,
    Handle = 3,
}

internal sealed record ConversationTiming(TimingMetric Metric, double Milliseconds);

/// Each time the conversation entered the queue: taken by an agent, left by the customer (cancelled), or never taken.
internal sealed record QueueCounts(int Queued, int Claimed, int Cancelled, int NeverClaimed)
{
    public static QueueCounts Of(ConversationJourney conversation)
    {
        int queued = 0, claimed = 0, cancelled = 0;
        var waiting = false;
        foreach (var touchpoint in conversation.Touchpoints)
        {
            switch (touchpoint.Kind)
            {
                case TouchpointKind.Queued when !waiting:
                    queued++;
                    waiting = true;
                    break;
                case TouchpointKind.Claimed when waiting:
                    claimed++;
                    waiting = false;
                    break;
                // A contact-centre that failed let the customer down; the customer did not leave.
                case TouchpointKind.HandoffCancelled when waiting && touchpoint.Reason != "external_failed":
                    cancelled++;
                    waiting = false;
                    break;
                case TouchpointKind.HandoffCancelled or TouchpointKind.Resolution when waiting:
                    waiting = false;
                    break;
            }
        }
        return new QueueCounts(queued, claimed, cancelled, waiting ? 1 : 0);
    }
}
