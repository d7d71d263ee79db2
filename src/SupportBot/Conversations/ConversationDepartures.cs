using Dapper;
using SupportBot.Storage;

namespace SupportBot.Conversations;

/// Conversations the bot has been taken out of (uninstalled from a personal chat, removed from a group chat or a
/// team). The channel refuses what the bot sends there, and a customer who uninstalled should hear nothing more:
/// agents' replies and surveys stop, and replies still waiting in the outbox are given up. Installing the bot again
/// opens the conversation again.
internal sealed class ConversationDepartures(Database database, TimeProvider time)
{
    public const string Uninstalled = "uninstalled";
    public const string Removed = "removed";

    public async Task DepartAsync(string channel, string conversationId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new { conversationId, channel, reason, at = time.GetUtcNow().ToString("O"), key = $"{channel}/{conversationId}" };
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO conversation_departures (conversation_id, channel, reason, departed_at) VALUES (@conversationId, @channel, @reason, @at)
            ON CONFLICT (conversation_id) DO UPDATE SET reason = excluded.reason, departed_at = excluded.departed_at
            """,
            parameters, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE connector_outbox SET state = 'dead', last_error = 'the bot left the conversation' WHERE state = 'pending' AND conversation_key = @key",
            parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task ReturnAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM conversation_departures WHERE conversation_id = @conversationId", new { conversationId }, cancellationToken: cancellationToken));
    }

    public async Task<bool> HasLeftAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM conversation_departures WHERE conversation_id = @conversationId)", new { conversationId }, cancellationToken: cancellationToken));
    }
}
