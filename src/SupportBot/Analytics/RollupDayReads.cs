namespace SupportBot.Analytics;

/// How the overview reads the rollup. For all customers, a range's whole UTC days come from analytics_days
/// (RollupDays) and only its partial first and last day from conversation_facts, and the durations are counted from
/// conversation_timings' own index; a segment needs each conversation's customer, so it reads the facts.
internal static class RollupDayReads
{
    private const string FactGroups =
        """
        SELECT substr(f.started_at, 1, 10), f.channel, f.escalation_reasons, COUNT(*), SUM(f.contained),
               SUM(f.rating_1), SUM(f.rating_2), SUM(f.rating_3), SUM(f.rating_4), SUM(f.rating_5),
               SUM(f.likes), SUM(f.dislikes), SUM(f.queued), SUM(f.claimed), SUM(f.cancelled), SUM(f.never_claimed)
        FROM conversation_facts f
        """;

    private const string GroupBy = "GROUP BY substr(f.started_at, 1, 10), f.channel, f.escalation_reasons";

    /// The whole UTC days inside the filter's range, [from, to) at midnight; empty (from = to) when there are none.
    public static (DateTimeOffset From, DateTimeOffset To) WholeDays(AnalyticsFilter filter)
    {
        var from = new DateTimeOffset(filter.From.UtcDateTime.Date, TimeSpan.Zero);
        if (from < filter.From)
        {
            from = from.AddDays(1);
        }
        var to = new DateTimeOffset(filter.To.UtcDateTime.Date, TimeSpan.Zero);
        return from < to ? (from, to) : (from, from);
    }

    /// Rows of (day, channel, reasons, counts...) that add up to the filter's overview; a key may come more than
    /// once (OverviewReport sums them).
    public static string Groups(AnalyticsFilter filter, string where)
    {
        if (filter.Segment.Id != Segments.All.Id || WholeDays(filter) is var (from, to) && from == to)
        {
            return $"{FactGroups} WHERE {where} {GroupBy}";
        }
        var channel = filter.Channel is null ? "" : " AND f.channel = @Channel";
        return
            $"""
            {FactGroups} WHERE f.first_message_at >= @From AND f.first_message_at < @FullFrom{channel} {GroupBy}
            UNION ALL
            SELECT f.day, f.channel, f.escalation_reasons, SUM(f.conversations), SUM(f.contained),
                   SUM(f.rating_1), SUM(f.rating_2), SUM(f.rating_3), SUM(f.rating_4), SUM(f.rating_5),
                   SUM(f.likes), SUM(f.dislikes), SUM(f.queued), SUM(f.claimed), SUM(f.cancelled), SUM(f.never_claimed)
            FROM analytics_days f WHERE f.range_day >= @FromDay AND f.range_day < @ToDay{channel}
            GROUP BY f.day, f.channel, f.escalation_reasons
            UNION ALL
            {FactGroups} WHERE f.first_message_at >= @FullTo AND f.first_message_at < @To{channel} {GroupBy}
            """;
    }

    /// (metric, value, count) of the durations of the filter's conversations.
    public static string Timings(AnalyticsFilter filter, string where)
        => filter.Segment.Id == Segments.All.Id
            ? $"""
              SELECT t.metric, t.value_ms, COUNT(*) FROM conversation_timings t
              WHERE t.first_message_at >= @From AND t.first_message_at < @To{(filter.Channel is null ? "" : " AND t.channel = @Channel")}
              GROUP BY t.metric, t.value_ms
              """
            : $"""
              SELECT t.metric, t.value_ms, COUNT(*) FROM conversation_timings t
              JOIN conversation_facts f ON f.conversation_id = t.conversation_id
              WHERE {where} GROUP BY t.metric, t.value_ms
              """;
}
