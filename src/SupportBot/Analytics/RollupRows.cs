using System.Data.Common;
using System.Globalization;
using SupportBot.Storage;

namespace SupportBot.Analytics;

/// How a row of conversation_facts (RollupSql writes them) is read back as ConversationFacts.
internal static class RollupRows
{
    public static readonly string[] FactColumns =
    [
        "conversation_id", "customer_id", "channel", "first_message_at", "started_at", "language", "is_returning", "is_purchaser", "contained",
        "escalation_reasons", "first_agent", "first_wait_ms", "max_wait_ms", "asked_again", "likes", "dislikes", "transferred", "left_queue",
        "left_message", "queued", "claimed", "cancelled", "never_claimed", "rating_1", "rating_2", "rating_3", "rating_4", "rating_5", "rated",
    ];

    /// The columns ReadFact reads, in its order, from the alias f.
    public static string Selected(string alias) => string.Join(", ", FactColumns.Select(c => $"{alias}.{c}"));

    /// A row of conversation_facts (its columns in FactColumns order from the first), without its timings.
    public static ConversationFacts ReadFact(DbDataReader r)
    {
        int Int(int i) => Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture);
        bool Bool(int i) => Int(i) != 0;
        DateTimeOffset Time(int i) => DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture);
        return new ConversationFacts(
            r.GetString(0), r.GetString(1), r.GetString(2), Time(3), Time(4), r.GetStringOrNull(5), Bool(6), Bool(7), Bool(8),
            OverviewGroup.ParseReasons(r.GetString(9)), r.GetStringOrNull(10), r.GetDoubleOrNull(11), r.GetDoubleOrNull(12), Bool(13), Int(14), Int(15),
            Bool(16), Bool(17), Bool(18), new QueueCounts(Int(19), Int(20), Int(21), Int(22)), [Int(23), Int(24), Int(25), Int(26), Int(27)], []);
    }
}
