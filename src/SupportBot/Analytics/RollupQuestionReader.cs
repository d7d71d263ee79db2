using Dapper;
using SupportBot.Storage;

namespace SupportBot.Analytics;

/// The questions of a filter's conversations from the rollup (conversation_questions, RollupQuestions), counted by
/// their text in the store: questions and kb-gaps then group only the distinct texts, whatever the traffic. Texts
/// come in the order they were first asked (the conversation id, then the message), as the raw path meets them.
internal sealed class RollupQuestionReader(Database database, AnalyticsRollup rollup)
{
    public async Task<IReadOnlyList<AskedText>> AskedAsync(AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync("q.reason = ''", "q.question", filter, cancellationToken);
        return [.. rows.Select(r => new AskedText(r.Question, (int)r.Count))];
    }

    public async Task<IReadOnlyList<UnansweredText>> UnansweredAsync(AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync("q.reason <> ''", "q.question, q.reason", filter, cancellationToken);
        return [.. rows.Select(r => new UnansweredText(r.Question, r.Reason, (int)r.Count))];
    }

    private async Task<List<Row>> ReadAsync(string which, string groupBy, AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        await rollup.CatchUpAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        // All customers: the range and channel are on the question rows themselves (one index, no join).
        var allCustomers = filter.Segment.Id == Segments.All.Id;
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT q.question AS Question, MIN(q.reason) AS Reason, COUNT(*) AS Count
            FROM conversation_questions q{(allCustomers ? "" : " JOIN conversation_facts f ON f.conversation_id = q.conversation_id")}
            WHERE {which} AND {(allCustomers ? RollupReader.Where(filter, "q").Replace(" AND 1 = 1", "", StringComparison.Ordinal) : RollupReader.Where(filter))}
            GROUP BY {groupBy}
            ORDER BY MIN(q.conversation_id), MIN(q.question_id)
            """, RollupReader.Parameters(filter), cancellationToken: cancellationToken));
        return rows.AsList();
    }

    // Settable, so Dapper converts each engine's integer width.
    private sealed class Row
    {
        public string Question { get; set; } = "";
        public string Reason { get; set; } = "";
        public long Count { get; set; }
    }
}
