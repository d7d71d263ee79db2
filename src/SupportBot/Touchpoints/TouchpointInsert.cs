using SupportBot.Storage;

namespace SupportBot.Touchpoints;

/// One INSERT of several touchpoints (VALUES (...), (...)), with its parameters named per row. The statements for
/// the few row counts a turn writes are built once.
internal static class TouchpointInsert
{
    private static readonly string[] ColumnNames =
    [
        "occurred_at", "conversation_id", "channel", "customer_id", "kind", "text", "cited_article_ids", "confidence", "latency_ms",
        "reason", "activity_id", "prompt_tokens", "completion_tokens", "agent_id", "duration_ms",
    ];

    private const int Cached = 4;
    private static readonly string[] Statements = [.. Enumerable.Range(1, Cached).Select(Build)];
    private static readonly string[][] Names = [.. Enumerable.Range(0, Cached).Select(NamesOf)];

    public static string For(int rows) => rows <= Cached ? Statements[rows - 1] : Build(rows);

    /// The insert followed by another statement. The text must not change from call to call for the same pair, so
    /// that it stays prepared: the few combinations turns use are built once.
    public static string With(int rows, string next)
        => rows <= Cached ? Followed.GetOrAdd((rows, next), static key => For(key.Rows) + ";\n" + key.Next) : For(rows) + ";\n" + next;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Rows, string Next), string> Followed = new();

    public static PrefixedParameters Bind(IReadOnlyList<Touchpoint> touchpoints, PrefixedParameters? into = null)
    {
        var parameters = into ?? new PrefixedParameters(touchpoints.Count * ColumnNames.Length);
        for (var row = 0; row < touchpoints.Count; row++)
        {
            var t = touchpoints[row];
            var names = row < Cached ? Names[row] : NamesOf(row);
            parameters
                .Add(names[0], TouchpointStore.Timestamp(t.OccurredAt))
                .Add(names[1], t.ConversationId)
                .Add(names[2], t.Channel)
                .Add(names[3], t.CustomerId)
                .Add(names[4], t.Kind)
                .Add(names[5], t.Text)
                .Add(names[6], TouchpointStore.CitedJson(t))
                .Add(names[7], t.Confidence)
                .Add(names[8], t.LatencyMs)
                .Add(names[9], t.Reason)
                .Add(names[10], t.ActivityId)
                .Add(names[11], t.PromptTokens)
                .Add(names[12], t.CompletionTokens)
                .Add(names[13], t.AgentId)
                .Add(names[14], t.DurationMs);
        }
        return parameters;
    }

    private static string[] NamesOf(int row) => [.. ColumnNames.Select(c => $"@{c}_{row}")];

    private static string Build(int rows)
        => $"INSERT INTO touchpoints ({string.Join(", ", ColumnNames)}) VALUES "
           + string.Join(", ", Enumerable.Range(0, rows).Select(row => $"({string.Join(", ", NamesOf(row))})"));
}
