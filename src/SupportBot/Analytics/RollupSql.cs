namespace SupportBot.Analytics;

/// The statements that rebuild the rollup, set-based: one step recomputes every conversation (and customer) a range
/// of new touchpoint ids or a dirty mark touched, with INSERT ... SELECT ... GROUP BY over their touchpoints. Each
/// figure is the SQL form of what ConversationFacts computes from a journey in memory (RollupTests holds the two
/// equal). The SQL is the same on both engines but for how the escalation reasons are listed. A kind is tested as
/// "kind || ''" beside the changed conversations: SQLite would otherwise pick the kind index and walk every
/// touchpoint of that kind in the log at each step (a step of the first build at 100,000 journeys went from 5.5 s
/// to under a second).
internal static class RollupSql
{
    public static readonly string Sqlite = Step("COALESCE(group_concat(DISTINCT CASE WHEN t.kind = 'escalation' THEN COALESCE(t.reason, 'unknown') END), '')");

    public static readonly string Postgres = Step(
        "COALESCE(string_agg(DISTINCT CASE WHEN t.kind = 'escalation' THEN COALESCE(t.reason, 'unknown') END, ',' ORDER BY CASE WHEN t.kind = 'escalation' THEN COALESCE(t.reason, 'unknown') END), '')");

    private const string Changed = "SELECT conversation_id FROM analytics_changed_conversations";

    // Survey ratings are rounded as Math.Round does (half to even), so 2.5 counts as a 2 and 3.5 as a 4.
    private const string Ratings =
        """
        SUM(CASE WHEN t.kind = 'survey' AND t.confidence >= 1 AND t.confidence < 1.5 THEN 1 ELSE 0 END) AS r1,
        SUM(CASE WHEN t.kind = 'survey' AND t.confidence >= 1.5 AND t.confidence <= 2.5 THEN 1 ELSE 0 END) AS r2,
        SUM(CASE WHEN t.kind = 'survey' AND t.confidence > 2.5 AND t.confidence < 3.5 THEN 1 ELSE 0 END) AS r3,
        SUM(CASE WHEN t.kind = 'survey' AND t.confidence >= 3.5 AND t.confidence <= 4.5 THEN 1 ELSE 0 END) AS r4,
        SUM(CASE WHEN t.kind = 'survey' AND t.confidence > 4.5 AND t.confidence <= 5 THEN 1 ELSE 0 END) AS r5
        """;

    // The queue's state after an event is "waiting" exactly when the event was a queued one, so each event's effect
    // depends only on the event before it (LAG): QueueCounts' loop, as a window.
    private const string Queue =
        $"""
        SELECT conversation_id,
               SUM(CASE WHEN kind = 'queued' AND (prev IS NULL OR prev <> 'queued') THEN 1 ELSE 0 END) AS queued,
               SUM(CASE WHEN kind = 'claimed' AND prev = 'queued' THEN 1 ELSE 0 END) AS claimed,
               SUM(CASE WHEN kind = 'handoff_cancelled' AND prev = 'queued' AND COALESCE(reason, '') <> 'external_failed' THEN 1 ELSE 0 END) AS cancelled,
               SUM(CASE WHEN kind = 'queued' AND next IS NULL THEN 1 ELSE 0 END) AS never_claimed
        FROM (SELECT conversation_id, kind, reason,
                     LAG(kind) OVER (PARTITION BY conversation_id ORDER BY id) AS prev,
                     LEAD(kind) OVER (PARTITION BY conversation_id ORDER BY id) AS next
              FROM touchpoints
              WHERE conversation_id IN ({Changed}) AND kind || '' IN ('queued', 'claimed', 'handoff_cancelled', 'resolution')) e
        GROUP BY conversation_id
        """;

    private static string Step(string reasons) =>
        $"""
        UPDATE analytics_rollup_state SET generation = generation + 1 WHERE id = 1;
        INSERT INTO analytics_changed_conversations (conversation_id)
        SELECT conversation_id FROM (SELECT conversation_id FROM touchpoints WHERE id > @From AND id <= @To
                                     UNION SELECT conversation_id FROM analytics_dirty WHERE id <= @DirtyTo) AS c
        WHERE true ON CONFLICT DO NOTHING;
        {RollupDays.Touched}
        DELETE FROM conversation_facts WHERE conversation_id IN ({Changed});
        DELETE FROM conversation_timings WHERE conversation_id IN ({Changed});
        INSERT INTO conversation_facts (
            conversation_id, customer_id, channel, first_message_at, started_at, contained, escalation_reasons, first_agent, first_wait_ms,
            max_wait_ms, likes, dislikes, transferred, left_queue, left_message, queued, claimed, cancelled, never_claimed,
            rating_1, rating_2, rating_3, rating_4, rating_5, rated, generation)
        SELECT a.conversation_id, f.customer_id, f.channel, a.first_message_at, f.occurred_at, a.contained, a.reasons, c.agent_id, c.duration_ms,
               a.max_wait_ms, a.likes, a.dislikes, a.transferred, a.left_queue, a.left_message, COALESCE(q.queued, 0), COALESCE(q.claimed, 0),
               COALESCE(q.cancelled, 0), COALESCE(q.never_claimed, 0), a.r1, a.r2, a.r3, a.r4, a.r5, a.r1 + a.r2 + a.r3 + a.r4 + a.r5,
               (SELECT generation FROM analytics_rollup_state WHERE id = 1)
        FROM (SELECT t.conversation_id,
                     MIN(CASE WHEN t.kind = 'customer_message' THEN t.id END) AS first_id,
                     MIN(CASE WHEN t.kind = 'customer_message' THEN t.occurred_at END) AS first_message_at,
                     MIN(CASE WHEN t.kind = 'claimed' THEN t.id END) AS claim_id,
                     1 - MAX(CASE WHEN t.kind IN ('queued', 'claimed', 'ticket') THEN 1 ELSE 0 END) AS contained,
                     {reasons} AS reasons,
                     MAX(CASE WHEN t.kind = 'claimed' THEN t.duration_ms END) AS max_wait_ms,
                     SUM(CASE WHEN t.kind = 'feedback' AND t.reason = 'like' THEN 1 ELSE 0 END) AS likes,
                     SUM(CASE WHEN t.kind = 'feedback' AND t.reason = 'dislike' THEN 1 ELSE 0 END) AS dislikes,
                     MAX(CASE WHEN t.kind = 'transfer' THEN 1 ELSE 0 END) AS transferred,
                     MAX(CASE WHEN t.kind = 'handoff_cancelled' THEN 1 ELSE 0 END) AS left_queue,
                     MAX(CASE WHEN t.kind = 'ticket' THEN 1 ELSE 0 END) AS left_message,
                     {Ratings}
              FROM touchpoints t WHERE t.conversation_id IN ({Changed}) GROUP BY t.conversation_id) a
        JOIN touchpoints f ON f.id = a.first_id
        LEFT JOIN touchpoints c ON c.id = a.claim_id
        LEFT JOIN ({Queue}) q ON q.conversation_id = a.conversation_id
        WHERE true;
        INSERT INTO conversation_timings (conversation_id, metric, value_ms, first_message_at, channel)
        SELECT v.conversation_id, CASE v.kind WHEN 'bot_answer' THEN 0 WHEN 'agent_reply' THEN 1 WHEN 'claimed' THEN 2 ELSE 3 END, v.value_ms,
               f.first_message_at, f.channel
        FROM (SELECT conversation_id, kind, CASE WHEN kind = 'bot_answer' THEN latency_ms ELSE duration_ms END AS value_ms FROM touchpoints
              WHERE conversation_id IN ({Changed}) AND kind || '' IN ('bot_answer', 'agent_reply', 'claimed', 'resolution')) v
        JOIN conversation_facts f ON f.conversation_id = v.conversation_id
        WHERE v.value_ms >= 0;
        {RollupDays.Touched}
        {RollupDays.Rebuild}
        {RollupQuestions.Rebuild}
        INSERT INTO analytics_changed_customers (customer_id)
        SELECT customer_id FROM (SELECT customer_id FROM touchpoints WHERE id > @From AND id <= @To
                                 UNION SELECT customer_id FROM analytics_dirty WHERE id <= @DirtyTo
                                 UNION SELECT customer_id FROM conversation_facts WHERE conversation_id IN ({Changed})) AS c
        WHERE true ON CONFLICT DO NOTHING;
        DELETE FROM analytics_customers WHERE customer_id IN (SELECT customer_id FROM analytics_changed_customers);
        INSERT INTO analytics_customers (customer_id, first_message_at, purchaser)
        SELECT customer_id, MIN(CASE WHEN kind = 'customer_message' THEN occurred_at END), MAX(CASE WHEN kind = 'purchase' THEN 1 ELSE 0 END)
        FROM touchpoints WHERE customer_id IN (SELECT customer_id FROM analytics_changed_customers) GROUP BY customer_id;
        UPDATE conversation_facts SET
            is_returning = CASE WHEN c.first_message_at < conversation_facts.started_at THEN 1 ELSE 0 END,
            is_purchaser = c.purchaser
        FROM analytics_customers c
        WHERE c.customer_id = conversation_facts.customer_id AND c.customer_id IN (SELECT customer_id FROM analytics_changed_customers);
        UPDATE analytics_rollup_state SET last_touchpoint_id = CASE WHEN last_touchpoint_id > @To THEN last_touchpoint_id ELSE @To END WHERE id = 1;
        DELETE FROM analytics_dirty WHERE id <= @DirtyTo;
        DELETE FROM analytics_changed_conversations;
        DELETE FROM analytics_changed_customers;
        """;
}
