using Dapper;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Customers;
using SupportBot.Replies;
using SupportBot.Storage;

namespace SupportBot.Channels.BotFramework;

/// The durable queue of replies a channel could not take yet. Entries leave it only when delivered; one the
/// channel refuses for good is kept as dead (and logged) rather than dropped. Each carries its customer's id, so
/// erasure removes it, and the store drops one added for a customer erased meanwhile (0018_outbox_customers).
///
/// Every reply asks first whether its conversation has entries waiting (HasPendingAsync). On SQLite this process is
/// the store's one instance, and only AddAsync makes entries pending, so once the drain has seen the outbox empty
/// (the usual case: it fills only while a channel fails) the answer is known until the next add, without a query.
/// On PostgreSQL other instances add entries too, and every reply asks the store.
internal sealed class ConnectorOutbox(Database database, TimeProvider time)
{
    public const string Pending = "pending";
    public const string Dead = "dead";

    private int _adding;
    private long _added;
    private long _seenEmptyAfter = -1;

    public static string KeyOf(Activity activity) => PendingReplies.KeyOf(activity);

    public async Task AddAsync(Activity activity, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToString("O");
        Interlocked.Increment(ref _adding);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(
                """
                INSERT INTO connector_outbox (conversation_key, activity_json, state, attempts, next_attempt_at, last_error, created_at, customer_id)
                VALUES (@key, @json, 'pending', 0, @now, @reason, @now, @customer)
                """,
                new { key = KeyOf(activity), json = BotJson.Serialize(activity), now, reason, customer = CustomerOf() });
        }
        finally
        {
            Interlocked.Increment(ref _added);
            Interlocked.Decrement(ref _adding);
        }
    }

    // The customer the reply is for (ReplyCustomer); none for a reply to nobody known, which erasure still finds by
    // its conversation.
    private static string? CustomerOf() => ReplyCustomer.Current is { } customer && customer != CustomerStore.Unknown ? customer : null;

    // Seen empty by NoteWhetherEmptyAsync, with no add since, none under way, and this the only instance.
    private bool KnownEmpty => database.Provider == StoreProvider.Sqlite
        && Volatile.Read(ref _adding) == 0 && Volatile.Read(ref _seenEmptyAfter) == Volatile.Read(ref _added);

    /// Looks whether anything at all is pending (the drain, after each pass). An add under way, or one that ends
    /// while the store is asked, leaves the answer unknown; the next look settles it.
    public async Task NoteWhetherEmptyAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != StoreProvider.Sqlite)
        {
            return;
        }
        var added = Volatile.Read(ref _added);
        if (Volatile.Read(ref _adding) > 0)
        {
            return;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var any = await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM connector_outbox WHERE state = 'pending')");
        if (!any && Volatile.Read(ref _adding) == 0 && Volatile.Read(ref _added) == added)
        {
            Volatile.Write(ref _seenEmptyAfter, added);
        }
    }

    internal const string HasPendingSql = PendingReplies.HasPendingSql;

    public async Task<bool> HasPendingAsync(string conversationKey, CancellationToken cancellationToken)
    {
        if (KnownEmpty)
        {
            return false;
        }
        // Asked before every reply: kept prepared on the writer connection (see Database.RunHotAsync).
        return await database.ReadHotAsync(
            HasPendingSql,
            new PrefixedParameters(1).Add("@conversationKey", conversationKey),
            static async (reader, token) => await reader.ReadAsync(token) && Convert.ToBoolean(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken);
    }

    /// Every pending entry of the conversations whose oldest entry is due, oldest first.
    public async Task<IReadOnlyList<OutboxEntry>> DueAsync(int maxConversations, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string ConversationKey, string ActivityJson, long Attempts)>(
            """
            SELECT id, conversation_key, activity_json, attempts FROM connector_outbox
            WHERE state = 'pending' AND conversation_key IN (
                SELECT conversation_key FROM connector_outbox o
                WHERE state = 'pending' AND id = (SELECT MIN(id) FROM connector_outbox WHERE state = 'pending' AND conversation_key = o.conversation_key)
                  AND next_attempt_at <= @now
                LIMIT @maxConversations)
            ORDER BY id
            """,
            new { now = time.GetUtcNow().ToString("O"), maxConversations });
        return Entries(rows);
    }

    /// The conversation's pending entries, oldest first, when its oldest is due (DueAsync for one conversation).
    public async Task<IReadOnlyList<OutboxEntry>> DueOfAsync(string conversationKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string ConversationKey, string ActivityJson, long Attempts)>(new CommandDefinition(
            """
            SELECT id, conversation_key, activity_json, attempts FROM connector_outbox
            WHERE state = 'pending' AND conversation_key = @conversationKey
              AND EXISTS (SELECT 1 FROM connector_outbox o
                          WHERE o.id = (SELECT MIN(id) FROM connector_outbox WHERE state = 'pending' AND conversation_key = @conversationKey)
                            AND o.next_attempt_at <= @now)
            ORDER BY id
            """,
            new { conversationKey, now = time.GetUtcNow().ToString("O") },
            cancellationToken: cancellationToken));
        return Entries(rows);
    }

    private static List<OutboxEntry> Entries(IEnumerable<(long Id, string ConversationKey, string ActivityJson, long Attempts)> rows)
        => [.. rows.Select(r => new OutboxEntry(r.Id, r.ConversationKey, r.ActivityJson, (int)r.Attempts))];

    public async Task DeliveredAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM connector_outbox WHERE id = @id", new { id });
    }

    public async Task RetryLaterAsync(long id, DateTimeOffset at, string error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE connector_outbox SET attempts = attempts + 1, next_attempt_at = @at, last_error = @error WHERE id = @id",
            new { id, at = at.ToString("O"), error });
    }

    public async Task MarkDeadAsync(long id, string error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE connector_outbox SET state = 'dead', attempts = attempts + 1, last_error = @error WHERE id = @id", new { id, error });
    }

    public async Task<IReadOnlyList<(string State, string ActivityJson, string? LastError)>> ListAsync(string conversationKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<(string, string, string?)>(
            "SELECT state, activity_json, last_error FROM connector_outbox WHERE conversation_key = @conversationKey ORDER BY id", new { conversationKey })];
    }
}
