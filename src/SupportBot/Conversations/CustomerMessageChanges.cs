using System.Text.RegularExpressions;
using Dapper;
using SupportBot.Handoff;
using SupportBot.Storage;

namespace SupportBot.Conversations;

/// A customer's message changed after it was logged. Edited, the log keeps the new words (and the files the message
/// carried). Deleted, its words go from everywhere the host keeps them, in one transaction: the touchpoint (which
/// stays, without text, so the conversation's statistics do not change), the stored inbound activity, the files it
/// carried and the handoff summary that quotes it. Deleting is the customer's right; nothing of it may linger.
internal sealed partial class CustomerMessageChanges(Database database)
{
    /// Reason of a customer message the customer edited or deleted.
    public const string Edited = "edited";
    public const string Deleted = "deleted";

    private const string Find =
        "SELECT text FROM touchpoints WHERE conversation_id = @conversationId AND activity_id = @activityId AND kind = 'customer_message'";

    /// False when no logged customer message has that id.
    public async Task<bool> ReviseAsync(string conversationId, string activityId, string text, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new { conversationId, activityId };
        var logged = await connection.QueryAsync<string?>(new CommandDefinition(Find, parameters, transaction, cancellationToken: cancellationToken));
        if (!logged.Any())
        {
            return false;
        }
        var files = FileLines(logged.First());
        var revised = string.Join("\n", files.Prepend(text).Where(t => t.Length > 0));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE touchpoints SET text = @revised, reason = @reason
            WHERE conversation_id = @conversationId AND activity_id = @activityId AND kind = 'customer_message'
            """,
            new { conversationId, activityId, revised, reason }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// False when no logged customer message has that id.
    public async Task<bool> RedactAsync(string conversationId, string activityId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var logged = (await connection.QueryAsync<string?>(new CommandDefinition(Find, new { conversationId, activityId }, transaction, cancellationToken: cancellationToken))).ToList();
        if (logged.Count == 0)
        {
            return false;
        }
        // The inbox keys the message's edits under its id and a suffix (InboundActivities.InboxKey): they quote it too.
        var parameters = new { conversationId, activityId, edits = activityId + "/%", reason = Deleted };
        foreach (var sql in (string[])[
            "UPDATE touchpoints SET text = NULL, reason = @reason WHERE conversation_id = @conversationId AND activity_id = @activityId AND kind = 'customer_message'",
            "UPDATE inbound_activities SET activity = NULL WHERE conversation_id = @conversationId AND (activity_id = @activityId OR activity_id LIKE @edits)",
            "DELETE FROM directline_attachments WHERE conversation_id = @conversationId AND activity_id = @activityId",
        ])
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        }
        // The summary agents read quotes what the customer said (a model's summary may word it otherwise: that is
        // beyond the host's reach, and said in docs/teams.md).
        foreach (var words in logged.Select(Words).Where(w => w.Length > 0).SelectMany(w => (string[])[w, HandoffSummarizer.Quote(w)]).Distinct())
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE handoffs SET summary = REPLACE(summary, @words, '[deleted]') WHERE conversation_id = @conversationId",
                new { conversationId, words }, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    // A logged customer message is their words, then a Markdown link per file they sent (TurnHandler).
    private static List<string> FileLines(string? logged)
    {
        var lines = (logged ?? string.Empty).Split('\n');
        var first = lines.Length;
        while (first > 1 && FileLink().IsMatch(lines[first - 1]))
        {
            first--;
        }
        return [.. lines[first..]];
    }

    private static string Words(string? logged)
    {
        var lines = (logged ?? string.Empty).Split('\n');
        return string.Join("\n", lines[..(lines.Length - FileLines(logged).Count)]);
    }

    [GeneratedRegex(@"^\[[^\]\n]*\]\([^)\s]+\)$")]
    private static partial Regex FileLink();
}
