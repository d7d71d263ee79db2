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
        var facts = ConversationFacts.From(conversations, _ => false);
        return From(OverviewGroup.Of(facts), TimingCount.Of(facts));
    }

    /// The report from the range's conversations summed by day, channel and escalation reasons, and the count of
    /// each duration: the store computes both with GROUP BY (AnalyticsRollup), the in-memory path from the facts.
    public static OverviewReport From(IReadOnlyList<OverviewGroup> groups, IReadOnlyList<TimingCount> timings)
    {
        var conversations = groups.Sum(g => g.Conversations);
        var contained = groups.Sum(g => g.Contained);
        return new OverviewReport(
            conversations,
            contained,
            Rate(contained, conversations),
            EscalationFigures.From(groups, conversations),
            SatisfactionFigures.From(Sum(groups.Select(g => g.Ratings))),
            ResponseTimes.From(timings),
            new QueueFigures(groups.Sum(g => g.Queued), groups.Sum(g => g.Claimed), groups.Sum(g => g.Cancelled), groups.Sum(g => g.NeverClaimed),
                Rate(groups.Sum(g => g.Cancelled + g.NeverClaimed), groups.Sum(g => g.Queued))),
            new FeedbackFigures(groups.Sum(g => g.Likes), groups.Sum(g => g.Dislikes), Rate(groups.Sum(g => g.Likes), groups.Sum(g => g.Likes + g.Dislikes))),
            DayFigures.From(groups),
            [.. groups.GroupBy(g => g.Channel, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ChannelFigures(g.Key, g.Sum(x => x.Conversations), g.Sum(x => x.Contained), Rate(g.Sum(x => x.Contained), g.Sum(x => x.Conversations))))]);
    }

    /// Rating counts (index 0 is a 1) added up.
    public static long[] Sum(IEnumerable<IReadOnlyList<long>> counts)
    {
        var total = new long[5];
        foreach (var c in counts)
        {
            for (var i = 0; i < 5; i++)
            {
                total[i] += c[i];
            }
        }
        return total;
    }

    public static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;
}

/// Conversations the bot escalated (an escalation touchpoint), and how many for each reason.
internal sealed record EscalationFigures(int Conversations, double? Rate, IReadOnlyList<ReasonFigures> ByReason)
{
    public static EscalationFigures From(IReadOnlyList<OverviewGroup> groups, int conversations)
    {
        var escalated = groups.Where(g => g.Reasons.Count > 0).ToList();
        var byReason = escalated.SelectMany(g => g.Reasons.Select(r => (Reason: r, g.Conversations)))
            .GroupBy(r => r.Reason, StringComparer.Ordinal)
            .Select(g => new ReasonFigures(g.Key, g.Sum(x => x.Conversations), OverviewReport.Rate(g.Sum(x => x.Conversations), conversations)))
            .OrderByDescending(r => r.Conversations).ThenBy(r => r.Reason, StringComparer.Ordinal);
        var count = escalated.Sum(g => g.Conversations);
        return new EscalationFigures(count, OverviewReport.Rate(count, conversations), [.. byReason]);
    }
}

internal sealed record ReasonFigures(string Reason, int Conversations, double? Rate);

/// CSAT from the surveys: the mean rating, the count of each rating 1-5 (Distribution[0] is 1), and the share of 4s
/// and 5s.
internal sealed record SatisfactionFigures(int Responses, double? Mean, IReadOnlyList<int> Distribution, double? SatisfiedRate)
{
    public static SatisfactionFigures From(IEnumerable<int> ratings)
    {
        var counts = new long[5];
        foreach (var rating in ratings)
        {
            counts[rating - 1]++;
        }
        return From(counts);
    }

    /// From the count of each rating (index 0 is a 1).
    public static SatisfactionFigures From(IReadOnlyList<long> counts)
    {
        var responses = (int)counts.Sum();
        var sum = counts.Select((n, i) => n * (i + 1)).Sum();
        return new SatisfactionFigures(responses, responses == 0 ? null : (double)sum / responses, [.. counts.Select(n => (int)n)],
            OverviewReport.Rate((int)(counts[3] + counts[4]), responses));
    }
}

/// The bot's answer latency; agents' first response (from the claim), the queue wait and the handle time.
internal sealed record ResponseTimes(TimeSpread BotAnswer, TimeSpread AgentFirstResponse, TimeSpread QueueWait, TimeSpread Handle)
{
    public static ResponseTimes From(IReadOnlyList<TimingCount> timings)
    {
        TimeSpread Of(TimingMetric metric) => TimeSpread.FromCounts([.. timings.Where(t => t.Metric == metric && t.Count > 0)
            .OrderBy(t => t.Milliseconds).Select(t => (t.Milliseconds, t.Count))]);
        return new ResponseTimes(Of(TimingMetric.BotAnswer), Of(TimingMetric.AgentFirstResponse), Of(TimingMetric.QueueWait), Of(TimingMetric.Handle));
    }
}

/// Each time a conversation entered the queue: taken by an agent, left by the customer (cancelled), or never taken.
internal sealed record QueueFigures(int Queued, int Claimed, int Cancelled, int NeverClaimed, double? AbandonmentRate);

/// Customers' ratings of bot answers (thumbs, reactions).
internal sealed record FeedbackFigures(int Likes, int Dislikes, double? LikeRate);

/// One UTC day of the range: conversations started, how many the bot contained, how many it escalated, and CSAT.
internal sealed record DayFigures(DateOnly Day, int Conversations, int Contained, int Escalated, int Surveys, double? MeanRating)
{
    public static IReadOnlyList<DayFigures> From(IReadOnlyList<OverviewGroup> groups) =>
    [
        .. groups.GroupBy(g => g.Day).OrderBy(g => g.Key).Select(g =>
        {
            var ratings = OverviewReport.Sum(g.Select(x => x.Ratings));
            var surveys = (int)ratings.Sum();
            return new DayFigures(g.Key, g.Sum(x => x.Conversations), g.Sum(x => x.Contained), g.Where(x => x.Reasons.Count > 0).Sum(x => x.Conversations),
                surveys, surveys == 0 ? null : (double)ratings.Select((n, i) => n * (i + 1)).Sum() / surveys);
        }),
    ];
}

internal sealed record ChannelFigures(string Channel, int Conversations, int Contained, double? ContainmentRate);

/// Conversations of one day, channel and set of escalation reasons, summed: what the overview is added up from.
/// Ratings counts each rating (index 0 is a 1).
internal sealed record OverviewGroup(
    DateOnly Day, string Channel, IReadOnlySet<string> Reasons, int Conversations, int Contained, IReadOnlyList<long> Ratings,
    int Likes, int Dislikes, int Queued, int Claimed, int Cancelled, int NeverClaimed)
{
    public static IReadOnlyList<OverviewGroup> Of(IReadOnlyList<ConversationFacts> facts) =>
    [
        .. facts.GroupBy(f => (Day: DateOnly.FromDateTime(f.StartedAt.UtcDateTime), f.Channel, Reasons: ReasonsKey(f.EscalationReasons))).Select(g => new OverviewGroup(
            g.Key.Day, g.Key.Channel, g.First().EscalationReasons, g.Count(), g.Count(f => f.Contained),
            OverviewReport.Sum(g.Select(f => f.RatingCounts.Select(n => (long)n).ToList())),
            g.Sum(f => f.Likes), g.Sum(f => f.Dislikes), g.Sum(f => f.Queue.Queued), g.Sum(f => f.Queue.Claimed), g.Sum(f => f.Queue.Cancelled),
            g.Sum(f => f.Queue.NeverClaimed))),
    ];

    /// A set of reasons as one text (sorted, comma-separated), as the rollup stores it.
    public static string ReasonsKey(IReadOnlySet<string> reasons) => string.Join(',', reasons.Order(StringComparer.Ordinal));

    public static IReadOnlySet<string> ParseReasons(string key)
        => key.Length == 0 ? new HashSet<string>(StringComparer.Ordinal) : key.Split(',').ToHashSet(StringComparer.Ordinal);
}

/// How many durations of one metric had one value.
internal sealed record TimingCount(TimingMetric Metric, double Milliseconds, long Count)
{
    public static IReadOnlyList<TimingCount> Of(IReadOnlyList<ConversationFacts> facts) =>
    [
        .. facts.SelectMany(f => f.Timings).GroupBy(t => (t.Metric, t.Milliseconds)).Select(g => new TimingCount(g.Key.Metric, g.Key.Milliseconds, g.Count())),
    ];
}
