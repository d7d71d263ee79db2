using System.Globalization;
using System.Text.Json;
using Dapper;
using SupportBot.Localization;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Analytics;

/// What SQL cannot compute of a rebuilt conversation: the language its customer wrote in (Languages.Detect over
/// their messages) and, when it is rated, whether they asked the same thing again (the index's terms). Only the
/// rows rebuilt since (analysed = 0) are read, and only their messages, bot replies and escalations. A row rebuilt
/// again while it was read keeps analysed = 0 (its generation moved on) and is read next time. The kind is tested as
/// "kind || ''" so SQLite joins by the conversation index instead of walking every touchpoint of those kinds,
/// which cost every dashboard read about 2 s at 100,000 journeys even with nothing to read.
internal sealed class RollupWords(Database database, DriverFeatures features)
{
    private const int Chunk = 2000;

    private const string SqliteUpdate =
        """
        UPDATE conversation_facts SET language = json_extract(j.value, '$.l'), asked_again = json_extract(j.value, '$.a'), analysed = 1
        FROM json_each(@Rows) AS j
        WHERE conversation_facts.conversation_id = json_extract(j.value, '$.c') AND conversation_facts.generation = json_extract(j.value, '$.g')
        """;

    private const string PostgresUpdate =
        """
        UPDATE conversation_facts f SET language = j.l, asked_again = j.a, analysed = 1
        FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS j(c text, g bigint, l text, a integer)
        WHERE f.conversation_id = j.c AND f.generation = j.g
        """;

    /// Reads and marks every row waiting; how many it read.
    public async Task<int> AnalyseAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        var after = "";
        while (true)
        {
            var rows = await ReadAsync(after, cancellationToken);
            if (rows.Count == 0)
            {
                return total;
            }
            var results = rows.GroupBy(r => (r.Id, r.Generation, r.Rated)).Select(Analyse).ToList();
            await WriteAsync(results, cancellationToken);
            total += results.Count;
            after = results[^1].c;
        }
    }

    private async Task<List<WordRow>> ReadAsync(string after, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<WordRow>(new CommandDefinition(
            """
            SELECT f.conversation_id AS Id, f.generation AS Generation, f.rated AS Rated, t.kind AS Kind, t.text AS Text
            FROM (SELECT conversation_id, generation, rated FROM conversation_facts
                  WHERE analysed = 0 AND conversation_id > @After ORDER BY conversation_id LIMIT @Chunk) f
            JOIN touchpoints t ON t.conversation_id = f.conversation_id
            WHERE t.kind || '' IN ('customer_message', 'bot_answer', 'escalation', 'small_talk')
            ORDER BY f.conversation_id, t.id
            """, new { After = after, Chunk }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private Result Analyse(IGrouping<(string Id, long Generation, long Rated), WordRow> conversation)
    {
        var (id, generation, rated) = conversation.Key;
        var touchpoints = conversation.Select(r => new Touchpoint
        {
            OccurredAt = DateTimeOffset.MinValue,
            ConversationId = id,
            Channel = "",
            CustomerId = "",
            Kind = r.Kind,
            Text = r.Text,
        }).ToList();
        var messages = touchpoints.Where(t => t.Kind == TouchpointKind.CustomerMessage).Select(t => t.Text);
        var language = Languages.Detect(string.Join("\n", messages));
        // Only the driver analysis asks, and only of rated conversations: the question terms are the costly part.
        var askedAgain = rated > 0 && features.AskedAgain(new ConversationJourney(id, "", "", DateTimeOffset.MinValue, touchpoints, false, false, language));
        return new Result(id, generation, language, askedAgain ? 1 : 0);
    }

    private async Task WriteAsync(List<Result> results, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(results, RollupJson.Default.ListResult);
        var parameters = new PrefixedParameters(1).Add("@Rows", json);
        await database.RunHotAsync(database.Provider == StoreProvider.Postgres ? PostgresUpdate : SqliteUpdate, parameters,
            static (_, _) => Task.FromResult(0), cancellationToken);
    }

    // Settable, so Dapper converts each engine's integer width.
    private sealed class WordRow
    {
        public string Id { get; set; } = "";
        public long Generation { get; set; }
        public long Rated { get; set; }
        public string Kind { get; set; } = "";
        public string? Text { get; set; }
    }

    internal sealed record Result(string c, long g, string? l, int a);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(List<RollupWords.Result>))]
internal sealed partial class RollupJson : System.Text.Json.Serialization.JsonSerializerContext;
