using Parquet;
using Parquet.Schema;
using SupportBot.Touchpoints;

namespace SupportBot.Analytics;

/// The touchpoint log as Apache Parquet, for a warehouse, DuckDB or pandas: the same rows and columns as the CSV
/// export (TouchpointExport), typed (integers, doubles, a UTC timestamp; empty values are nulls, not empty strings)
/// and compressed. Streamed: rows are gathered into row groups of RowsPerGroup, each written to the response as soon
/// as it is full, so the export holds one row group in memory whatever the range.
internal static class TouchpointParquet
{
    public const string ContentType = "application/vnd.apache.parquet";

    /// Rows per row group: big enough for readers to skip and scan by group (DuckDB reads groups in parallel), small
    /// enough that one group of touchpoints, text included, stays a few megabytes.
    public const int RowsPerGroup = 10_000;

    private static readonly DataField<long> Id = new("id", nullable: false);
    private static readonly DateTimeDataField OccurredAt = new("occurred_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
    private static readonly DataField<string> ConversationId = new("conversation_id", nullable: false);
    private static readonly DataField<string> Channel = new("channel", nullable: false);
    private static readonly DataField<string> CustomerId = new("customer_id", nullable: false);
    private static readonly DataField<string> Kind = new("kind", nullable: false);
    private static readonly DataField<string> Text = new("text", nullable: true);
    private static readonly DataField<string> CitedArticleIds = new("cited_article_ids", nullable: true);
    private static readonly DataField<double?> Confidence = new("confidence");
    private static readonly DataField<double?> LatencyMs = new("latency_ms");
    private static readonly DataField<string> Reason = new("reason", nullable: true);
    private static readonly DataField<string> AgentId = new("agent_id", nullable: true);
    private static readonly DataField<double?> DurationMs = new("duration_ms");
    private static readonly DataField<int?> PromptTokens = new("prompt_tokens");
    private static readonly DataField<int?> CompletionTokens = new("completion_tokens");

    public static readonly ParquetSchema Schema = new(
        Id, OccurredAt, ConversationId, Channel, CustomerId, Kind, Text, CitedArticleIds, Confidence, LatencyMs, Reason, AgentId, DurationMs,
        PromptTokens, CompletionTokens);

    public static async Task WriteAsync(IAsyncEnumerable<Touchpoint> touchpoints, Stream body, CancellationToken cancellationToken, int rowsPerGroup = RowsPerGroup)
    {
        // The writer asks where it is in the stream (for the footer's offsets), which a response body cannot say.
        await using var output = new ForwardOnlyStream(body);
        await using (var writer = await ParquetWriter.CreateAsync(Schema, output, cancellationToken: cancellationToken))
        {
            var group = new List<Touchpoint>(rowsPerGroup);
            await foreach (var touchpoint in touchpoints.WithCancellation(cancellationToken))
            {
                group.Add(touchpoint);
                if (group.Count == rowsPerGroup)
                {
                    await WriteGroupAsync(writer, group, cancellationToken);
                    group.Clear();
                    // Out to the client now, not when the response's buffer fills.
                    await output.FlushAsync(cancellationToken);
                }
            }
            // An empty range is still a valid file: the schema and no row groups.
            if (group.Count > 0)
            {
                await WriteGroupAsync(writer, group, cancellationToken);
            }
        }
        await output.FlushAsync(cancellationToken);
    }

    private static async Task WriteGroupAsync(ParquetWriter writer, List<Touchpoint> rows, CancellationToken cancellationToken)
    {
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync(Id, Column(rows, t => t.Id), cancellationToken: cancellationToken);
            await group.WriteAsync(OccurredAt, Column(rows, t => t.OccurredAt.UtcDateTime), cancellationToken: cancellationToken);
            await group.WriteAsync(ConversationId, Strings(rows, t => t.ConversationId));
            await group.WriteAsync(Channel, Strings(rows, t => t.Channel));
            await group.WriteAsync(CustomerId, Strings(rows, t => t.CustomerId));
            await group.WriteAsync(Kind, Strings(rows, t => t.Kind));
            await group.WriteAsync(Text, Strings(rows, t => t.Text));
            await group.WriteAsync(CitedArticleIds, Strings(rows, t => t.CitedArticleIds.Count == 0 ? null : string.Join(';', t.CitedArticleIds)));
            await group.WriteAsync(Confidence, Column(rows, t => t.Confidence), cancellationToken: cancellationToken);
            await group.WriteAsync(LatencyMs, Column(rows, t => t.LatencyMs), cancellationToken: cancellationToken);
            await group.WriteAsync(Reason, Strings(rows, t => t.Reason));
            await group.WriteAsync(AgentId, Strings(rows, t => t.AgentId));
            await group.WriteAsync(DurationMs, Column(rows, t => t.DurationMs), cancellationToken: cancellationToken);
            await group.WriteAsync(PromptTokens, Column(rows, t => t.PromptTokens), cancellationToken: cancellationToken);
            await group.WriteAsync(CompletionTokens, Column(rows, t => t.CompletionTokens), cancellationToken: cancellationToken);
            group.CompleteValidate();
        }
    }

    private static ReadOnlyMemory<T> Column<T>(List<Touchpoint> rows, Func<Touchpoint, T> value) where T : struct
        => rows.Select(value).ToArray();

    private static ReadOnlyMemory<T?> Column<T>(List<Touchpoint> rows, Func<Touchpoint, T?> value) where T : struct
        => rows.Select(value).ToArray();

    private static string?[] Strings(List<Touchpoint> rows, Func<Touchpoint, string?> value)
        => [.. rows.Select(value)];
}
