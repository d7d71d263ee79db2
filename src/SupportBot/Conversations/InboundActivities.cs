using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.Storage;

namespace SupportBot.Conversations;

/// The durable inbox. An inbound activity is stored with its claim, pending, before its turn is queued, and marked
/// done once the turn has run; a process that dies in between leaves it pending under a lease it no longer renews.
/// Channels retry a POST they think failed with the same activity id: a retry of an id that is done, or still held
/// by a live instance, is dropped; a retry of one whose lease ran out runs it (so does InboundRecovery).
/// The claim is the one statement the de-duplication made before; completing a turn adds one small UPDATE.
internal sealed partial class InboundActivities(Database database, IOptions<InboxOptions> options, TimeProvider time, ILogger<InboundActivities> logger)
{
    private const string Pending = "pending";
    private const string Failed = "failed";

    // Sorts before every lease: a released activity is taken over at the next sweep.
    private static readonly string Released = DateTimeOffset.MinValue.ToString("O");

    /// Who holds an activity: this process, unique across restarts and machines.
    public string Instance { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// Who holds an activity whose turn runs as it arrived (TryClaimAndReadAsync): this process too, under a name of
    /// its own, so that this process's ordered runner (ConversationRunner) never takes it for one of its own to run.
    public string ArrivalRunner => Instance + "#arrival";

    private InboxOptions Settings => options.Value;

    /// Stores the activity pending under this instance's lease; null when it is a duplicate to drop. Not held, it
    /// waits for whichever instance holds its conversation's lock (ConversationRunner) to claim it.
    /// With a channel's record, also null when the record's row did not go in (nothing was stored).
    public async Task<InboxClaim?> TryClaimAsync(Activity activity, CancellationToken cancellationToken, bool hold = true, ChannelRecord? record = null)
    {
        // Every inbound activity runs it: kept prepared on the writer connection (see Database.RunHotAsync). Not
        // held, instances take turns in the conversation: the claim waits for any other claim in it (ClaimSqlFor).
        var serialized = !hold && database.Provider == StoreProvider.Postgres;
        var sql = record is null ? ClaimSqlFor(database.Provider, serialized) : RecordedClaimSql(record.Sql, serialized);
        var parameters = ClaimParameters(activity, hold ? Instance : null, new PrefixedParameters(11));
        record?.AddParameters(parameters);
        return await database.RunHotAsync(sql, parameters, (reader, token) => ReadClaimAsync(reader, token, afterLock: record is not null && serialized), cancellationToken);
    }

    /// TryClaimAsync and the turn's TurnStart in the same round trip (on SQLite, the same pass through the writer);
    /// no TurnStart for a duplicate (or, with a channel's record, a record that did not go in). The caller makes sure
    /// no other turn of the conversation runs in between.
    public async Task<(InboxClaim? Claim, TurnStart? Start)> TryClaimAndReadAsync(
        Activity activity, TurnStartQuery start, CancellationToken cancellationToken, ChannelRecord? record = null)
    {
        var parameters = start.AddParameters(ClaimParameters(activity, ArrivalRunner, new PrefixedParameters(15)));
        record?.AddParameters(parameters);
        var afterLock = record is not null && start.SerializesClaims;
        return await database.RunHotAsync(start.SqlAfterClaim(record), parameters, async (reader, token) =>
        {
            var claim = await ReadClaimAsync(reader, token, afterLock);
            return claim is null ? (null, null) : (claim, await reader.NextResultAsync(token) ? await start.ReadAfterClaimAsync(reader, token) : null);
        }, cancellationToken);
    }

    private PrefixedParameters ClaimParameters(Activity activity, string? holder, PrefixedParameters parameters)
    {
        var now = time.GetUtcNow();
        return parameters
            .Add("@inboxChannelId", activity.ChannelId ?? string.Empty)
            .Add("@inboxConversationId", activity.Conversation?.Id ?? string.Empty)
            .Add("@inboxActivityId", InboxKey(activity))
            .Add("@inboxAt", now.ToString("O"))
            .Add("@inboxJson", InboxJson(activity))
            .Add("@inboxInstance", holder)
            .Add("@inboxLeaseUntil", (now + Settings.Lease).ToString("O"))
            .Add("@inboxMaxAttempts", Settings.MaxAttempts);
    }

    // Teams reports an edit, an undelete or a deletion under the id of the message itself: keyed by that id alone, each
    // would be dropped as a retry of the message, and a second edit as a retry of the first. A retry of the same change
    // has the same time and words, so it is still dropped.
    internal static string? InboxKey(Activity activity)
    {
        if (activity.Type is not (ActivityTypes.MessageUpdate or ActivityTypes.MessageDelete) || activity.Id is not { } id)
        {
            return activity.Id;
        }
        var words = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(activity.Text ?? string.Empty)))[..16];
        return $"{id}/{activity.Type}/{activity.Timestamp?.ToUnixTimeMilliseconds()}/{words}";
    }

    // The wire format never carries callerId (the host sets it once it has checked the sender), so the inbox keeps it
    // in the stored JSON under a name of its own: a turn run from the inbox (on another instance, or after a crash)
    // still knows who sent the activity, as the contact-centre's handoff.status needs. Whatever a client put under
    // that name is dropped here, where every stored JSON is written.
    internal const string CallerIdKey = "supportbot.callerId";

    internal static string InboxJson(Activity activity)
    {
        if (activity.CallerId is null && activity.ExtensionData?.ContainsKey(CallerIdKey) != true)
        {
            return BotJson.Serialize(activity);
        }
        var extension = new Dictionary<string, JsonElement>(activity.ExtensionData ?? []);
        extension.Remove(CallerIdKey);
        if (activity.CallerId is { } caller)
        {
            extension[CallerIdKey] = JsonSerializer.SerializeToElement(caller);
        }
        return BotJson.Serialize(activity with { ExtensionData = extension.Count == 0 ? null : extension });
    }

    /// An activity stored by InboxJson, with its callerId back.
    internal static Activity FromInboxJson(string json)
    {
        var activity = BotJson.Deserialize<Activity>(json) ?? throw new JsonException("No activity stored.");
        if (activity.ExtensionData?.TryGetValue(CallerIdKey, out var caller) != true)
        {
            return activity;
        }
        var extension = new Dictionary<string, JsonElement>(activity.ExtensionData);
        extension.Remove(CallerIdKey);
        return activity with { CallerId = caller.ValueKind == JsonValueKind.String ? caller.GetString() : null, ExtensionData = extension.Count == 0 ? null : extension };
    }

    // afterLock: the command took the conversation's advisory lock in a statement of its own first (RecordedClaimSql).
    private static async Task<InboxClaim?> ReadClaimAsync(DbDataReader reader, CancellationToken cancellationToken, bool afterLock = false)
    {
        if (afterLock)
        {
            await reader.NextResultAsync(cancellationToken);
        }
        return await reader.ReadAsync(cancellationToken) ? new InboxClaim(reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    internal const string ClaimSql = """
        INSERT INTO inbound_activities (channel_id, conversation_id, activity_id, received_at, state, activity, held_by, lease_until, attempts)
        VALUES (@inboxChannelId, @inboxConversationId, @inboxActivityId, @inboxAt, 'pending', @inboxJson, @inboxInstance, @inboxLeaseUntil, 1)
        """ + ClaimConflict;

    // With several instances on PostgreSQL, a claim first takes the conversation's advisory lock for its transaction:
    // two activities of one conversation stored at once on two instances are stored one after the other, so the
    // second one's turn finds the first pending (TurnStart.OthersPending) and waits its place instead of running
    // beside it. Held only while the claim's own command runs; other conversations never wait for it.
    private const string SerializedClaimSql = """
        INSERT INTO inbound_activities (channel_id, conversation_id, activity_id, received_at, state, activity, held_by, lease_until, attempts)
        SELECT @inboxChannelId, @inboxConversationId, @inboxActivityId, @inboxAt, 'pending', @inboxJson, @inboxInstance, @inboxLeaseUntil, 1
        FROM (SELECT pg_advisory_xact_lock(hashtextextended('supportbot-conversation:' || @inboxChannelId || '/' || @inboxConversationId, 0))) AS conversation_turn
        """ + ClaimConflict;

    private const string ConversationLockSql =
        "SELECT pg_advisory_xact_lock(hashtextextended('supportbot-conversation:' || @inboxChannelId || '/' || @inboxConversationId, 0))";

    /// The claim after a channel's record of the activity, in one statement: the claim goes in only with the record's
    /// row. Serialized, the conversation's lock is taken by a statement of its own first (the command's statements run
    /// in one transaction): taken inside the statement, it could be asked for after the record's row, and two claims of
    /// one conversation waiting on each other's row and lock would deadlock.
    internal static string RecordedClaimSql(string recordSql, bool serialized) => (serialized ? ConversationLockSql + ";\n" : string.Empty) + $"""
        WITH recorded AS ({recordSql})
        INSERT INTO inbound_activities (channel_id, conversation_id, activity_id, received_at, state, activity, held_by, lease_until, attempts)
        SELECT @inboxChannelId, @inboxConversationId, @inboxActivityId, @inboxAt, 'pending', @inboxJson, @inboxInstance, @inboxLeaseUntil, 1
        FROM recorded
        """ + ClaimConflict;

    private const string ClaimConflict = """

        ON CONFLICT (channel_id, conversation_id, activity_id) DO UPDATE
        SET held_by = excluded.held_by, lease_until = excluded.lease_until, attempts = inbound_activities.attempts + 1
        WHERE inbound_activities.state = 'pending' AND inbound_activities.lease_until < @inboxAt AND inbound_activities.attempts < @inboxMaxAttempts
        RETURNING arrival, attempts
        """;

    /// The claim; serialized per conversation where instances take turns in it (SQLite's single writer already
    /// runs claims one at a time).
    internal static string ClaimSqlFor(StoreProvider provider, bool serialized)
        => serialized && provider == StoreProvider.Postgres ? SerializedClaimSql : ClaimSql;

    /// Marks an activity done; a turn may run it with its own last write (@arrival), so both commit together.
    internal const string CompleteSql =
        "UPDATE inbound_activities SET state = 'done', activity = NULL, held_by = NULL, lease_until = NULL WHERE arrival = @arrival";

    /// The turn ran and its replies are stored or sent: retries are dropped from now on.
    public async Task CompleteAsync(long arrival, CancellationToken cancellationToken)
    {
        await database.RunHotAsync(CompleteSql, new PrefixedParameters(1).Add("@arrival", arrival), static (_, _) => Task.FromResult(0), cancellationToken);
    }

    /// The turn threw: the activity is released for the next sweep to run again, or given up after MaxAttempts runs.
    /// Returns whether it was given up.
    public async Task<bool> ReleaseFailedAsync(long arrival, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var state = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            UPDATE inbound_activities
            SET state = CASE WHEN attempts >= @maxAttempts THEN 'failed' ELSE 'pending' END, held_by = NULL, lease_until = @released
            WHERE arrival = @arrival AND state = 'pending'
            RETURNING state
            """,
            new { arrival, maxAttempts = Settings.MaxAttempts, released = Released },
            cancellationToken: cancellationToken));
        return state == Failed;
    }

    /// An activity that cannot be run at all (its conversation is gone, its JSON unreadable): kept, marked failed.
    public async Task GiveUpAsync(long arrival, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE inbound_activities SET state = 'failed', held_by = NULL, lease_until = NULL WHERE arrival = @arrival",
            new { arrival },
            cancellationToken: cancellationToken));
    }

    /// Keeps the activities this instance still has queued or running from being taken over.
    public async Task RenewAsync(IReadOnlyCollection<long> arrivals, CancellationToken cancellationToken)
    {
        if (arrivals.Count == 0)
        {
            return;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE inbound_activities SET lease_until = @leaseUntil WHERE held_by IN (@instance, @arrivalRunner) AND state = 'pending' AND {database.In("arrival", "arrivals")}",
            new { leaseUntil = (time.GetUtcNow() + Settings.Lease).ToString("O"), instance = Instance, arrivalRunner = ArrivalRunner, arrivals = arrivals.ToArray() },
            cancellationToken: cancellationToken));
    }

    /// Takes every pending activity whose lease ran out, in one UPDATE: of two instances sweeping at once, each row
    /// goes to one. Activities already run MaxAttempts times are marked failed instead and not returned. Not held,
    /// they are left (with a fresh lease) for their conversation's lock holder to claim.
    public async Task<IReadOnlyList<PendingActivity>> TakeOverExpiredAsync(CancellationToken cancellationToken, bool hold = true)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var taken = (await connection.QueryAsync<PendingActivity>(new CommandDefinition(
            """
            UPDATE inbound_activities
            SET state = CASE WHEN attempts >= @maxAttempts THEN 'failed' ELSE 'pending' END,
                attempts = CASE WHEN attempts >= @maxAttempts THEN attempts ELSE attempts + 1 END,
                held_by = @instance, lease_until = @leaseUntil
            WHERE state = 'pending' AND lease_until < @now
            RETURNING arrival AS Arrival, channel_id AS ChannelId, conversation_id AS ConversationId, activity_id AS ActivityId,
                      activity AS Json, attempts AS Attempt, state AS State
            """,
            new { maxAttempts = Settings.MaxAttempts, instance = hold ? Instance : null, leaseUntil = (now + Settings.Lease).ToString("O"), now = now.ToString("O") },
            cancellationToken: cancellationToken))).ToList();
        foreach (var gaveUp in taken.Where(a => a.State == Failed))
        {
            LogGaveUp(logger, gaveUp.ActivityId, gaveUp.ConversationId, gaveUp.Attempt);
        }
        return [.. taken.Where(a => a.State == Pending).OrderBy(a => a.Arrival)];
    }

    /// The conversation's oldest pending activity, held from now on by this instance, while it holds the
    /// conversation's lock; null when there is none, or when it is not free to run (held by another instance still
    /// running it, or released after a failure and waiting for the sweep): later ones wait, so order is kept.
    public async Task<PendingActivity?> ClaimNextAsync(string channelId, string conversationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PendingActivity>(new CommandDefinition(
            $"""
            UPDATE inbound_activities SET held_by = @instance, lease_until = @leaseUntil
            WHERE {NextFree}
            RETURNING arrival AS Arrival, channel_id AS ChannelId, conversation_id AS ConversationId, activity_id AS ActivityId,
                      activity AS Json, attempts AS Attempt, state AS State
            """,
            new { channelId, conversationId, instance = Instance, leaseUntil = (now + Settings.Lease).ToString("O"), now = now.ToString("O") },
            cancellationToken: cancellationToken));
    }

    /// What ClaimNextAsync would find now: asked after releasing the lock, so none is left waiting. Blocked: the
    /// conversation's oldest pending activity runs on another instance (which took it as it arrived, without the
    /// lock), and activities this instance holds, or nobody does, wait behind it.
    public async Task<InboxNext> NextAsync(string channelId, string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (InboxNext)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"""
            SELECT CASE
              WHEN EXISTS (SELECT 1 FROM inbound_activities WHERE {NextFree}) THEN 1
              WHEN EXISTS (SELECT 1 FROM inbound_activities
                           WHERE channel_id = @channelId AND conversation_id = @conversationId AND state = 'pending'
                             AND (held_by IS NULL OR held_by = @instance) AND lease_until > @now)
               AND EXISTS (SELECT 1 FROM inbound_activities
                           WHERE {OldestPending} AND held_by IS NOT NULL AND held_by <> @instance AND lease_until > @now) THEN 2
              ELSE 0 END
            """,
            new { channelId, conversationId, instance = Instance, now = time.GetUtcNow().ToString("O") },
            cancellationToken: cancellationToken));
    }

    /// An activity claimed to run as it arrived that has to wait for others of its conversation after all: held by this
    /// instance's ordered runner from now on, which takes it in its turn.
    public async Task HandToRunnerAsync(long arrival, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE inbound_activities SET held_by = @instance WHERE arrival = @arrival AND held_by = @arrivalRunner AND state = 'pending'",
            new { arrival, instance = Instance, arrivalRunner = ArrivalRunner },
            cancellationToken: cancellationToken));
    }

    /// Whether an activity of the conversation is pending with a live lease: a turn of it runs or waits somewhere.
    public async Task<bool> AnyPendingAsync(string channelId, string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM inbound_activities
                           WHERE channel_id = @channelId AND conversation_id = @conversationId AND state = 'pending' AND lease_until > @now)
            """,
            new { channelId, conversationId, now = time.GetUtcNow().ToString("O") },
            cancellationToken: cancellationToken));
    }

    /// While an instance holds a conversation's lock, the activities waiting in it keep their leases.
    public async Task RenewConversationAsync(string channelId, string conversationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE inbound_activities SET lease_until = @leaseUntil
            WHERE channel_id = @channelId AND conversation_id = @conversationId AND state = 'pending' AND lease_until > @now
            """,
            new { channelId, conversationId, leaseUntil = (now + Settings.Lease).ToString("O"), now = now.ToString("O") },
            cancellationToken: cancellationToken));
    }

    private const string OldestPending = """
        arrival = (SELECT MIN(arrival) FROM inbound_activities
                   WHERE channel_id = @channelId AND conversation_id = @conversationId AND state = 'pending')
        """;

    // The conversation's oldest pending activity, if it is free to run here.
    private const string NextFree = OldestPending + " AND (held_by IS NULL OR held_by = @instance) AND lease_until > @now";

    /// Channels retry within minutes; ids older than the retention can no longer come back, so they are dropped.
    /// Pending ones stay until they are run or given up.
    public async Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "DELETE FROM inbound_activities WHERE received_at < @cutoff AND state <> 'pending'", new { cutoff = olderThan.UtcDateTime.ToString("O") });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up activity {ActivityId} in conversation {ConversationId} after {Attempts} runs; it is kept in inbound_activities with state 'failed'")]
    private static partial void LogGaveUp(ILogger logger, string activityId, string conversationId, long attempts);
}

/// This instance holds the activity: its row, and which run of it this is (1 the first time).
internal sealed record InboxClaim(long Arrival, long Attempt);

/// What a conversation's next pending activity is to an instance that runs its turns in order.
internal enum InboxNext
{
    /// Nothing pending that this instance has to run.
    None = 0,

    /// The oldest pending activity is free to run here.
    Free = 1,

    /// It runs on another instance; what waits behind it is this instance's to run (or nobody's), once it is done.
    Blocked = 2,
}

/// An activity taken over from an instance that stopped renewing its lease.
internal sealed record PendingActivity(long Arrival, string ChannelId, string ConversationId, string ActivityId, string? Json, long Attempt, string State);
