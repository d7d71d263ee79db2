using Dapper;
using SupportBot.Storage;

namespace SupportBot.Conversations;

/// Channels retry a POST they think failed, with the same activity id; the first claim wins, the retry is dropped.
/// Kept in the store so a retry that arrives after a restart is still recognised.
internal sealed class ActivityDeduplicator(Database database, TimeProvider time)
{
    public async Task<bool> TryClaimAsync(string channelId, string conversationId, string activityId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO inbound_activities (channel_id, conversation_id, activity_id, received_at)
            VALUES (@channelId, @conversationId, @activityId, @at)
            ON CONFLICT DO NOTHING
            """,
            new { channelId, conversationId, activityId, at = time.GetUtcNow().ToString("O") });
        return inserted == 1;
    }

    /// Channels retry within minutes; ids older than the retention can no longer come back, so they are dropped.
    public async Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "DELETE FROM inbound_activities WHERE received_at < @cutoff", new { cutoff = olderThan.UtcDateTime.ToString("O") });
    }
}
