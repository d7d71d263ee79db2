namespace SupportBot.Analytics;

/// The all-customers overview by UTC day (analytics_days), kept by RollupSql's steps: the days a step's changed
/// conversations were on before (Touched, run before their facts are deleted) and after (run again after they are
/// inserted) are summed again from conversation_facts. A day's rows are what the overview's GROUP BY gives for it
/// (RollupReader), so reading whole days here is the same as reading their facts (RollupTests).
internal static class RollupDays
{
    public const string Touched =
        """
        INSERT INTO analytics_changed_days (range_day)
        SELECT DISTINCT substr(first_message_at, 1, 10) FROM conversation_facts
        WHERE conversation_id IN (SELECT conversation_id FROM analytics_changed_conversations)
        ON CONFLICT DO NOTHING;
        """;

    // A day's timestamps ("2026-10-07T08:24:10.4020389Z") sort from the day ("2026-10-07") to just before the day
    // followed by "U", so each day is one range of the first-message index.
    public const string Rebuild =
        """
        DELETE FROM analytics_days WHERE range_day IN (SELECT range_day FROM analytics_changed_days);
        INSERT INTO analytics_days (
            range_day, day, channel, escalation_reasons, conversations, contained, rating_1, rating_2, rating_3, rating_4, rating_5,
            likes, dislikes, queued, claimed, cancelled, never_claimed)
        SELECT d.range_day, substr(f.started_at, 1, 10), f.channel, f.escalation_reasons, COUNT(*), SUM(f.contained),
               SUM(f.rating_1), SUM(f.rating_2), SUM(f.rating_3), SUM(f.rating_4), SUM(f.rating_5),
               SUM(f.likes), SUM(f.dislikes), SUM(f.queued), SUM(f.claimed), SUM(f.cancelled), SUM(f.never_claimed)
        FROM analytics_changed_days d
        JOIN conversation_facts f ON f.first_message_at >= d.range_day AND f.first_message_at < d.range_day || 'U'
        GROUP BY d.range_day, substr(f.started_at, 1, 10), f.channel, f.escalation_reasons;
        DELETE FROM analytics_changed_days;
        """;
}
