using System.Globalization;
using System.Text;
using SupportBot.Touchpoints;

namespace SupportBot.Analytics;

/// The touchpoint log as CSV (RFC 4180, UTF-8, a header row), for a warehouse, DuckDB or a spreadsheet: every
/// touchpoint of the filter's range and channel, in time order, streamed to the response as the store reads it.
/// Customers' words are in it, and a spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula,
/// so such text gets a leading apostrophe (OWASP's advice for CSV injection); numbers and timestamps are written as
/// they are.
internal static class TouchpointExport
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly string[] Header =
    [
        "id", "occurred_at", "conversation_id", "channel", "customer_id", "kind", "text", "cited_article_ids", "confidence",
        "latency_ms", "reason", "agent_id", "duration_ms", "prompt_tokens", "completion_tokens",
    ];

    // Rows are written in batches of about this many characters, so that a large export is neither one write per
    // row nor held whole.
    private const int FlushCharacters = 64 * 1024;

    public static async Task WriteAsync(IAsyncEnumerable<Touchpoint> touchpoints, Stream body, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        var line = new StringBuilder();
        line.AppendJoin(',', Header).Append("\r\n");
        await foreach (var t in touchpoints.WithCancellation(cancellationToken))
        {
            line.Append(t.Id.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(t.OccurredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append(',')
                .Append(Field(t.ConversationId)).Append(',')
                .Append(Field(t.Channel)).Append(',')
                .Append(Field(t.CustomerId)).Append(',')
                .Append(Field(t.Kind)).Append(',')
                .Append(Field(t.Text)).Append(',')
                .Append(Field(string.Join(';', t.CitedArticleIds))).Append(',')
                .Append(Number(t.Confidence)).Append(',')
                .Append(Number(t.LatencyMs)).Append(',')
                .Append(Field(t.Reason)).Append(',')
                .Append(Field(t.AgentId)).Append(',')
                .Append(Number(t.DurationMs)).Append(',')
                .Append(Number(t.PromptTokens)).Append(',')
                .Append(Number(t.CompletionTokens)).Append("\r\n");
            if (line.Length >= FlushCharacters)
            {
                await writer.WriteAsync(line, cancellationToken);
                line.Clear();
            }
        }
        await writer.WriteAsync(line, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    /// One text field: quoted when it holds a comma, a quote, CR or LF (its quotes doubled); text that a spreadsheet
    /// would run as a formula gets a leading apostrophe.
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }
        var text = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? $"'{value}" : value;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }

    // Numbers are written as they are: a negative one is no formula.
    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
