using System.Data.Common;
using System.Globalization;
using Dapper;
using SupportBot.Analytics.Statistics;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Analytics;

/// The overview and the rated conversations of a filter, read from the rollup (AnalyticsRollup catches it up
/// first). The overview is summed by the store (GROUP BY day, channel and escalation reasons; durations counted by
/// value), so it reads rows per day and group, never per touchpoint; the drivers read one row per rated
/// conversation.
internal sealed class RollupReader(Database database, AnalyticsRollup rollup)
{
    // A segment as a condition on the facts; kept beside Segments' own test of a conversation, which the
    // in-memory path uses (RollupTests checks both agree on every segment).
    private static readonly Dictionary<string, string> SegmentConditions = new(StringComparer.Ordinal)
    {
        ["all"] = "1 = 1",
        ["new"] = "f.is_returning = 0",
        ["returning"] = "f.is_returning = 1",
        ["purchasers"] = "f.is_purchaser = 1",
        ["non-purchasers"] = "f.is_purchaser = 0",
        ["english"] = "f.language = 'en'",
        ["indonesian"] = "f.language = 'id'",
    };

    /// The segment as a condition on conversation_facts aliased f.
    public static string ConditionOf(Segment segment) => SegmentConditions[segment.Id];

    public async Task<OverviewReport> OverviewAsync(AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        await rollup.CatchUpAsync(cancellationToken);
        await using var read = await ReportConnection.OpenAsync(database, cancellationToken);
        var parameters = Parameters(filter);
        var groups = new List<OverviewGroup>();
        await using (var r = await read.Connection.ExecuteReaderAsync(new CommandDefinition(
                         RollupDayReads.Groups(filter, Where(filter)), parameters, read.Transaction, cancellationToken: cancellationToken)))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                int Int(int i) => (int)Long(r, i);
                groups.Add(new OverviewGroup(
                    DateOnly.ParseExact(r.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture), r.GetString(1), OverviewGroup.ParseReasons(r.GetString(2)),
                    Int(3), Int(4), [Long(r, 5), Long(r, 6), Long(r, 7), Long(r, 8), Long(r, 9)], Int(10), Int(11), Int(12), Int(13), Int(14), Int(15)));
            }
        }
        var timings = new List<TimingCount>();
        await using (var r = await read.Connection.ExecuteReaderAsync(new CommandDefinition(
                         RollupDayReads.Timings(filter, Where(filter)), parameters, read.Transaction, cancellationToken: cancellationToken)))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                timings.Add(new TimingCount((TimingMetric)Long(r, 0), r.GetDouble(1), Long(r, 2)));
            }
        }
        return OverviewReport.From(groups, timings);
    }

    /// The filter's rated conversations in conversation id order, each with how many conversations its customer
    /// had in the filter. Only rated rows are read (a partial index); each customer's count is an index lookup.
    public async Task<IReadOnlyList<RatedConversation>> RatedAsync(AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        await rollup.CatchUpAsync(cancellationToken);
        await using var read = await ReportConnection.OpenAsync(database, cancellationToken);
        var rated = new List<RatedConversation>();
        await using (var r = await read.Connection.ExecuteReaderAsync(new CommandDefinition(
                         $"""
                         SELECT {RollupRows.Selected("f")},
                                (SELECT COUNT(*) FROM conversation_facts g WHERE g.customer_id = f.customer_id AND {Where(filter, "g")})
                         FROM conversation_facts f WHERE f.rated > 0 AND {Where(filter)}
                         """, Parameters(filter), read.Transaction, cancellationToken: cancellationToken)))
        {
            var count = RollupRows.FactColumns.Length;
            while (await r.ReadAsync(cancellationToken))
            {
                var facts = RollupRows.ReadFact(r);
                rated.Add(new RatedConversation(facts, (int)Long(r, count), facts.Rating!.Value));
            }
        }
        rated.Sort((a, b) => string.CompareOrdinal(a.Conversation.Id, b.Conversation.Id));
        return rated;
    }

    /// The filter's rated conversations grouped by their driver pattern (DriverPattern) in the store: one row per
    /// pattern with its ratings' count, sum, sum of squares and extremes, which is all the driver analysis needs.
    /// Each customer's conversation count in the filter is an index lookup, as in RatedAsync.
    public async Task<IReadOnlyList<RatedGroup>> RatedGroupsAsync(AnalyticsFilter filter, int waitMinutes, CancellationToken cancellationToken)
    {
        await rollup.CatchUpAsync(cancellationToken);
        await using var read = await ReportConnection.OpenAsync(database, cancellationToken);
        var parameters = new DynamicParameters(Parameters(filter));
        parameters.Add("WaitMs", waitMinutes * 60_000.0);
        const string Pattern = "customer_id, conversations, contained, escalation_reasons, waited_long, asked_again, liked, disliked, transferred, "
            + "left_queue, left_message, is_purchaser, is_returning, agent, channel, language, month";
        var groups = new List<RatedGroup>();
        // A handful of distinct escalation reason lists, parsed once each.
        var reasons = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        await using var r = await read.Connection.ExecuteReaderAsync(new CommandDefinition(
            $"""
            SELECT {Pattern}, COUNT(*), SUM(rating), SUM(rating * rating), MIN(rating), MAX(rating)
            FROM (SELECT f.customer_id, f.contained, f.escalation_reasons, f.asked_again, f.transferred, f.left_queue, f.left_message,
                         f.is_purchaser, f.is_returning, f.channel,
                         (SELECT COUNT(*) FROM conversation_facts g WHERE g.customer_id = f.customer_id AND {Where(filter, "g")}) AS conversations,
                         CASE WHEN f.max_wait_ms > @WaitMs THEN 1 ELSE 0 END AS waited_long,
                         CASE WHEN f.likes > 0 THEN 1 ELSE 0 END AS liked,
                         CASE WHEN f.dislikes > 0 THEN 1 ELSE 0 END AS disliked,
                         COALESCE(f.first_agent, '') AS agent,
                         COALESCE(f.language, '{DriverPattern.UnknownLanguage}') AS language,
                         SUBSTR(f.started_at, 1, 7) AS month,
                         CAST(f.rating_1 + 2 * f.rating_2 + 3 * f.rating_3 + 4 * f.rating_4 + 5 * f.rating_5 AS DOUBLE PRECISION)
                             / (f.rating_1 + f.rating_2 + f.rating_3 + f.rating_4 + f.rating_5) AS rating
                  FROM conversation_facts f WHERE f.rated > 0 AND {Where(filter)}) rated
            GROUP BY {Pattern}
            """, parameters, read.Transaction, cancellationToken: cancellationToken));
        // Every column is non-null (COUNT, CASE, COALESCE, NOT NULL columns), so each is read by its typed getter.
        while (await r.ReadAsync(cancellationToken))
        {
            bool Bool(int i) => r.GetInt64(i) != 0;
            var reasonList = r.GetString(3);
            if (!reasons.TryGetValue(reasonList, out var parsed))
            {
                reasons[reasonList] = parsed = OverviewGroup.ParseReasons(reasonList);
            }
            var pattern = new DriverPattern(
                r.GetString(0), (int)r.GetInt64(1), Bool(2), parsed, Bool(4), Bool(5), Bool(6), Bool(7), Bool(8),
                Bool(9), Bool(10), Bool(11), Bool(12), r.GetString(13), r.GetString(14), r.GetString(15), r.GetString(16));
            groups.Add(new RatedGroup(pattern, new RatingMoments(r.GetInt64(17), r.GetDouble(18), r.GetDouble(19), r.GetDouble(20), r.GetDouble(21))));
        }
        return groups;
    }

    private static long Long(DbDataReader r, int i) => r.IsDBNull(i) ? 0 : Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    /// The filter as a condition on conversation_facts f.
    internal static string Where(AnalyticsFilter filter, string alias = "f")
        => $"{alias}.first_message_at >= @From AND {alias}.first_message_at < @To{(filter.Channel is null ? "" : $" AND {alias}.channel = @Channel")} AND "
            + SegmentConditions[filter.Segment.Id].Replace("f.", alias + ".", StringComparison.Ordinal);

    internal static object Parameters(AnalyticsFilter filter)
    {
        var (fullFrom, fullTo) = RollupDayReads.WholeDays(filter);
        return new
        {
            From = TouchpointStore.Timestamp(filter.From),
            To = TouchpointStore.Timestamp(filter.To),
            filter.Channel,
            FullFrom = TouchpointStore.Timestamp(fullFrom),
            FullTo = TouchpointStore.Timestamp(fullTo),
            FromDay = fullFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ToDay = fullTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }
}
