using System.Data.Common;
using Dapper;

namespace SupportBot.Touchpoints;

/// What customers wrote is kept outside the touchpoint log no longer than their messages are in it
/// (Touchpoints:Retention:customer_message): Direct Line transcripts, uploaded files, replies never delivered, and
/// the summary and conversation reference of closed handoffs (the handoff itself stays for the statistics).
internal static class CustomerTextRetention
{
    /// Deletes what is older than the cutoff; returns the Direct Line conversations deleted (to drop from memory) and
    /// the rows deleted or stripped per table.
    public static async Task<(IReadOnlyList<string> Conversations, IReadOnlyDictionary<string, int> Counts)> RunAsync(DbConnection connection, DateTimeOffset cutoff)
    {
        // Each table keeps its own timestamp format (all UTC, of one length up to the offset), so each gets its own.
        var parameters = new { cutoff = cutoff.ToUniversalTime().ToString("O"), touchpointCutoff = TouchpointStore.Timestamp(cutoff) };
        // A whole conversation goes, once nobody has written in it since the cutoff; its activities go with it (their
        // foreign key cascades).
        var conversations = (await connection.QueryAsync<string>(
            """
            DELETE FROM directline_conversations
            WHERE created_at < @cutoff
              AND NOT EXISTS (SELECT 1 FROM touchpoints t WHERE t.conversation_id = directline_conversations.id AND t.occurred_at >= @touchpointCutoff)
            RETURNING id
            """,
            parameters)).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["directline_conversations"] = conversations.Count,
            ["directline_attachments"] = await connection.ExecuteAsync(
                """
                DELETE FROM directline_attachments
                WHERE created_at < @cutoff
                   OR (channel = 'directline' AND NOT EXISTS (SELECT 1 FROM directline_conversations c WHERE c.id = directline_attachments.conversation_id))
                """,
                parameters),
            ["connector_outbox"] = await connection.ExecuteAsync("DELETE FROM connector_outbox WHERE created_at < @cutoff", parameters),
            ["handoffs_stripped"] = await connection.ExecuteAsync(
                """
                UPDATE handoffs SET summary = '', reference = '{}'
                WHERE state NOT IN ('queued', 'with_agent', 'leaving_message') AND COALESCE(closed_at, queued_at) < @touchpointCutoff
                  AND (summary <> '' OR reference <> '{}')
                """,
                parameters),
        };
        return (conversations, counts);
    }
}
