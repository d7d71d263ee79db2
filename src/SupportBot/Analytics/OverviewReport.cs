using SupportBot.Touchpoints;

namespace SupportBot.Analytics;

/// The headline figures for a set of conversations. Rates are fractions (0-1) of the named denominator, null when it
/// is zero.
internal sealed record OverviewReport(
    int Conversations,
    int Contained,
    double? ContainmentRate,
    EscalationFigures Escalations,
    SatisfactionFigures Satisfaction,
    ResponseTimes Times,
    QueueFigures Queue,
    FeedbackFigures Feedback,
    IReadOnlyList<DayFigures> Days,
    IReadOnlyList<ChannelFigures> Channels)
{
    public static OverviewReport From(IReadOnlyList<ConversationJourney> conversations)
    {
        var contained = conversations.Count(c => c.Contained);
        return new OverviewReport(
            conversations.Count,
            contained,
            Rate(contained, conversations.Count),
            EscalationFigures.From(conversations),
            SatisfactionFigures.From(conversations.SelectMany(c => c.Ratings)),
            ResponseTimes.From(conversations),
            QueueFigures.From(conversations),
            FeedbackFigures.From(conversations),
            DayFigures.From(conversations),
            [.. conversations.GroupBy(c => c.Channel, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ChannelFigures(g.Key, g.Count(), g.Count(c => c.Contained), Rate(g.Count(c => c.Contained), g.Count())))]);
    }

    public static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;
}

/// Conversations the bot escalated (an escalation touchpoint), and how many for each reason.
internal sealed record EscalationFigures(int Conversations, double? Rate, IReadOnlyList<ReasonFigures> ByReason)
{
    public static EscalationFigures From(IReadOnlyList<ConversationJourney> conversations)
    {
        var escalated = conversations.Where(c => c.EscalationReasons.Count > 0).ToList();
        var byReason = escalated.SelectMany(c => c.EscalationReasons)
            .GroupBy(r => r, StringComparer.Ordinal)
            .Select(g => new ReasonFigures(g.Key, g.Count(), OverviewReport.Rate(g.Count(), conversations.Count)))
            .OrderByDescending(r => r.Conversations).ThenBy(r => r.Reason, StringComparer.Ordinal);
        return new EscalationFigures(escalated.Count, OverviewReport.Rate(escalated.Count, conversations.Count), [.. byReason]);
    }
}

internal sealed record ReasonFigures(string Reason, int Conversations, double? Rate);

/// CSAT from the surveys: the mean rating, the count of each rating 1-5 (Distribution[0] is 1), and the share of 4s
/// and 5s.
internal sealed record SatisfactionFigures(int Responses, double? Mean, IReadOnlyList<int> Distribution, double? SatisfiedRate)
{
    public static SatisfactionFigures From(IEnumerable<int> ratings)
    {
        var all = ratings.ToList();
        var distribution = Enumerable.Range(1, 5).Select(r => all.Count(x => x == r)).ToList();
        return new SatisfactionFigures(all.Count, all.Count == 0 ? null : all.Average(), distribution, OverviewReport.Rate(all.Count(r => r >= 4), all.Count));
    }
}

/// The bot's answer latency; agents' first response (from the claim), the queue wait and the handle time.
internal sealed record ResponseTimes(TimeSpread BotAnswer, TimeSpread AgentFirstResponse, TimeSpread QueueWait, TimeSpread Handle)
{
    public static ResponseTimes From(IReadOnlyList<ConversationJourney> conversations)
    {
        IEnumerable<double> Durations(string kind, Func<Touchpoint, double?> value)
            => conversations.SelectMany(c => c.OfKind(kind)).Select(value).Where(v => v is >= 0).Select(v => v!.Value);
        return new ResponseTimes(
            TimeSpread.FromMilliseconds(Durations(TouchpointKind.BotAnswer, t => t.LatencyMs)),
            TimeSpread.FromMilliseconds(Durations(TouchpointKind.AgentReply, t => t.DurationMs)),
            TimeSpread.FromMilliseconds(Durations(TouchpointKind.Claimed, t => t.DurationMs)),
            TimeSpread.FromMilliseconds(Durations(TouchpointKind.Resolution, t => t.DurationMs)));
    }
}

/// Each time a conversation entered the queue: taken by an agent, left by the customer (cancelled), or never taken.
internal sealed record QueueFigures(int Queued, int Claimed, int Cancelled, int NeverClaimed, double? AbandonmentRate)
{
    public static QueueFigures From(IReadOnlyList<ConversationJourney> conversations)
    {
        int queued = 0, claimed = 0, cancelled = 0, neverClaimed = 0;
        foreach (var conversation in conversations)
        {
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
            neverClaimed += waiting ? 1 : 0;
        }
        return new QueueFigures(queued, claimed, cancelled, neverClaimed, OverviewReport.Rate(cancelled + neverClaimed, queued));
    }
}

/// Customers' ratings of bot answers (thumbs, reactions).
internal sealed record FeedbackFigures(int Likes, int Dislikes, double? LikeRate)
{
    public static FeedbackFigures From(IReadOnlyList<ConversationJourney> conversations)
    {
        var feedback = conversations.SelectMany(c => c.OfKind(TouchpointKind.Feedback)).ToList();
        var likes = feedback.Count(f => f.Reason == "like");
        var dislikes = feedback.Count(f => f.Reason == "dislike");
        return new FeedbackFigures(likes, dislikes, OverviewReport.Rate(likes, likes + dislikes));
    }
}

/// One UTC day of the range: conversations started, how many the bot contained, how many it escalated, and CSAT.
internal sealed record DayFigures(DateOnly Day, int Conversations, int Contained, int Escalated, int Surveys, double? MeanRating)
{
    public static IReadOnlyList<DayFigures> From(IReadOnlyList<ConversationJourney> conversations) =>
    [
        .. conversations.GroupBy(c => DateOnly.FromDateTime(c.StartedAt.UtcDateTime)).OrderBy(g => g.Key).Select(g =>
        {
            var ratings = g.SelectMany(c => c.Ratings).ToList();
            return new DayFigures(g.Key, g.Count(), g.Count(c => c.Contained), g.Count(c => c.EscalationReasons.Count > 0), ratings.Count,
                ratings.Count == 0 ? null : ratings.Average());
        }),
    ];
}

internal sealed record ChannelFigures(string Channel, int Conversations, int Contained, double? ContainmentRate);
