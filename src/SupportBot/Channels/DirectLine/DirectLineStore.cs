using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using Dapper;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Storage;

namespace SupportBot.Channels.DirectLine;

/// Direct Line conversations, held in memory for speed and written through to the store so that a restart or
/// a reloaded page never loses an activity. The store decides each activity's sequence (its primary key), so
/// several instances can append to one conversation: a clash means another instance wrote first, and the
/// append catches up from the store and takes the next number.
internal sealed class DirectLineStore(Database database, DirectLineFanOut fanOut, TimeProvider time)
{
    // RETURNING tells whether the row went in (a clash: another instance took the id or the sequence first).
    internal const string CreateSql =
        "INSERT INTO directline_conversations (id, user_id, created_at) VALUES (@Id, @UserId, @At) ON CONFLICT DO NOTHING RETURNING id";

    internal const string AppendSql =
        "INSERT INTO directline_activities (conversation_id, sequence, json) VALUES (@appendConversationId, @appendSequence, @appendJson) ON CONFLICT DO NOTHING RETURNING sequence";

    private readonly ConcurrentDictionary<string, DirectLineConversationState> _conversations = new(StringComparer.Ordinal);

    /// freshId: the caller has just made the id up (a conversation started with the secret), so no conversation can
    /// have it yet and the look-up is skipped.
    public async Task<(DirectLineConversationState State, bool Created)> GetOrCreateAsync(
        string conversationId, string userId, bool freshId, CancellationToken cancellationToken)
    {
        if (!freshId && await FindAsync(conversationId, cancellationToken) is { } existing)
        {
            return (existing, false);
        }
        var created = await database.RunHotAsync(
            CreateSql,
            new PrefixedParameters(3).Add("@Id", conversationId).Add("@UserId", userId).Add("@At", time.GetUtcNow().ToString("O")),
            static (reader, token) => reader.ReadAsync(token),
            cancellationToken);
        if (!created && await FindAsync(conversationId, cancellationToken) is { } raced)
        {
            // Another request (or instance) created it in between: load what it holds rather than start empty.
            return (raced, false);
        }
        var state = _conversations.GetOrAdd(conversationId, id => new DirectLineConversationState(id, userId, [], time.GetUtcNow()));
        return (state, created);
    }

    public async Task<DirectLineConversationState?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (_conversations.TryGetValue(conversationId, out var state))
        {
            state.Touch(time.GetUtcNow());
            return state;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var userId = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT user_id FROM directline_conversations WHERE id = @conversationId", new { conversationId });
        if (userId is null)
        {
            return null;
        }
        var history = (await connection.QueryAsync<string>(
                "SELECT json FROM directline_activities WHERE conversation_id = @conversationId ORDER BY sequence", new { conversationId }))
            .Select(json => BotJson.Deserialize<Activity>(json));
        return _conversations.GetOrAdd(conversationId, id => new DirectLineConversationState(id, userId, history, time.GetUtcNow()));
    }

    /// Gives the activity its id (conversation|0000001) and server timestamp, stores it, and pushes it to the stream.
    public Task<Activity> AppendAsync(DirectLineConversationState state, Activity activity, CancellationToken cancellationToken)
        // Every message and reply of a web chat runs this: on SQLite it joins the writer's group commits
        // (Database.RunHotAsync) instead of taking the write lock from a pooled connection of its own, which
        // waited out the writer's transactions in SQLite's busy handler (sleeps of 1 ms and more each time).
        // Not cancelled once under way: stored, the activity must reach the cache and the stream too.
        => AppendUnderGateAsync(state, activity, (stamped, sequence) => database.RunHotAsync(
            AppendSql,
            AppendParameters(new PrefixedParameters(3), state, sequence, stamped),
            static (reader, token) => reader.ReadAsync(token),
            CancellationToken.None), cancellationToken);

    /// A customer's activity, appended and handed to its turn. On PostgreSQL the append is written in the turn's claim
    /// (dispatch gets it as the claim's ChannelRecord): one round trip for both, and the inbox keeps the id the
    /// transcript gave. dispatch returns false when the append did not go in (another instance took the sequence): the
    /// append catches up and tries the next. On SQLite the writer already groups the two writes into one commit, so
    /// the append goes first and the turn is dispatched after it, without a record.
    /// Not cancelled once under way: stored, the activity must reach its turn, the cache and the stream.
    public async Task<Activity> AppendArrivingAsync(
        DirectLineConversationState state, Activity activity, Func<Activity, ChannelRecord?, Task<bool>> dispatch)
    {
        if (database.Provider != StoreProvider.Postgres)
        {
            var appended = await AppendAsync(state, activity, CancellationToken.None);
            await dispatch(appended, null);
            return appended;
        }
        // The turn is queued, not run, by the time dispatch returns: its replies append after the gate is released.
        return await AppendUnderGateAsync(
            state,
            activity,
            (stamped, sequence) =>
            {
                var json = BotJson.Serialize(stamped);
                return dispatch(stamped, new ChannelRecord(AppendSql, parameters => AppendParameters(parameters, state, sequence, json)));
            },
            CancellationToken.None);
    }

    // Under the conversation's gate: stamps the activity with the next sequence and writes it (tryWrite: false when
    // another instance took that sequence, then the cache catches up and the next is tried), then adds it to the
    // cache, pushes it to this instance's stream and tells the other instances.
    private async Task<Activity> AppendUnderGateAsync(
        DirectLineConversationState state, Activity activity, Func<Activity, int, Task<bool>> tryWrite, CancellationToken cancellationToken)
    {
        Activity stamped;
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                (stamped, var sequence) = Stamp(state, activity);
                if (await tryWrite(stamped, sequence))
                {
                    break;
                }
                await using var connection = await database.OpenAsync(cancellationToken);
                await CatchUpAsync(connection, state);
            }
            state.Add(stamped);
            SendNew(state);
        }
        finally
        {
            state.Gate.Release();
        }
        fanOut.Appended(state.Id, state.LastSequence);
        return stamped;
    }

    // The next sequence's id (conversation|0000001) and the server's timestamp. Call under the gate.
    private (Activity Stamped, int Sequence) Stamp(DirectLineConversationState state, Activity activity)
    {
        var sequence = state.LastSequence + 1;
        return (activity with
        {
            Id = $"{state.Id}|{sequence.ToString("D7", CultureInfo.InvariantCulture)}",
            Timestamp = time.GetUtcNow(),
            Conversation = (activity.Conversation ?? new ConversationAccount()) with { Id = state.Id },
        }, sequence);
    }

    private static PrefixedParameters AppendParameters(PrefixedParameters parameters, DirectLineConversationState state, int sequence, Activity stamped)
        => AppendParameters(parameters, state, sequence, BotJson.Serialize(stamped));

    private static PrefixedParameters AppendParameters(PrefixedParameters parameters, DirectLineConversationState state, int sequence, string json)
        => parameters.Add("@appendConversationId", state.Id).Add("@appendSequence", sequence).Add("@appendJson", json);

    /// Activities after the watermark, including what other instances appended.
    public async Task<(IReadOnlyList<Activity> Activities, string Watermark)> ReadAfterAsync(
        DirectLineConversationState state, int watermark, CancellationToken cancellationToken)
    {
        if (fanOut.IsShared)
        {
            await state.Gate.WaitAsync(cancellationToken);
            try
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                await CatchUpAsync(connection, state);
                // What was read here is pushed to a socket held here too: its own notice, when it comes, is skipped.
                SendNew(state);
            }
            finally
            {
                state.Gate.Release();
            }
        }
        return state.After(watermark);
    }

    /// Attaches a socket after sending it the activities after its watermark, under the gate, so no activity
    /// falls between the backlog and the live feed. Returns the socket it replaces.
    public async Task<DirectLineStreamSession?> AttachAsync(
        DirectLineConversationState state, DirectLineStreamSession session, int watermark, CancellationToken cancellationToken)
    {
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            if (fanOut.IsShared)
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                await CatchUpAsync(connection, state);
            }
            var from = Math.Clamp(watermark, 0, state.LastSequence);
            session.SentThrough = from;
            var replaced = state.Attach(session);
            SendNew(state);
            return replaced;
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// Another instance appended to (or typed in) the conversation: push it if this instance holds its socket.
    /// notice: a typing activity's JSON, "#sequence" when an activity was appended, or null (catch up from the store).
    /// Returns how many stored activities this instance had not held yet.
    public async Task<int> DeliverAsync(string conversationId, string? notice, CancellationToken cancellationToken)
    {
        if (!_conversations.TryGetValue(conversationId, out var state) || state.Stream is not { } stream)
        {
            return 0;
        }
        if (notice is ['#', .. var appended])
        {
            if (int.TryParse(appended, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence <= state.LastSequence)
            {
                // Appended here (or read here already): the socket has been sent it.
                return 0;
            }
            notice = null;
        }
        if (notice is { } typingJson)
        {
            stream.Send(new ActivitySet { Activities = [BotJson.Deserialize<Activity>(typingJson)], Watermark = Watermark(stream.SentThrough) });
            return 0;
        }
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var read = await CatchUpAsync(connection, state);
            SendNew(state);
            return read;
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// After Redis or the store was out of reach, notices of what other instances appended may have been lost:
    /// every stream held here reads the store from what it last sent.
    public async Task CatchUpStreamsAsync(CancellationToken cancellationToken)
    {
        foreach (var conversationId in _conversations.Where(pair => pair.Value.Stream is not null).Select(pair => pair.Key).ToList())
        {
            await DeliverAsync(conversationId, null, cancellationToken);
        }
    }

    /// The streams held here whose conversation holds more in the store than they were sent get it: a notice is
    /// lost for good when the instance that stored the activity dies before publishing it, and nothing else would
    /// tell this instance until the conversation's next activity. One look-up for up to a thousand streams.
    /// Returns how many streams were behind.
    public async Task<int> CatchUpBehindStreamsAsync(CancellationToken cancellationToken)
    {
        var held = _conversations.Where(pair => pair.Value.Stream is not null).ToDictionary(pair => pair.Key, pair => pair.Value.LastSequence, StringComparer.Ordinal);
        var behind = new List<string>();
        foreach (var chunk in held.Keys.Chunk(1000))
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var latest = await connection.QueryAsync<(string ConversationId, long Sequence)>(new CommandDefinition(
                $"SELECT conversation_id, MAX(sequence) FROM directline_activities WHERE {database.In("conversation_id", "ids")} GROUP BY conversation_id",
                new { ids = chunk },
                cancellationToken: cancellationToken));
            behind.AddRange(latest.Where(row => row.Sequence > held[row.ConversationId]).Select(row => row.ConversationId));
        }
        var caughtUp = 0;
        foreach (var conversationId in behind)
        {
            // Only what the gate's holder had not added yet counts: an append of this instance that was between its
            // insert and its cache when the look-up ran is not behind (under load, most of what the look-up finds).
            if (await DeliverAsync(conversationId, null, cancellationToken) > 0)
            {
                caughtUp++;
            }
        }
        return caughtUp;
    }

    // Reads what other instances stored after the last activity this cache holds. Call under the gate. Returns how
    // many it read.
    private static async Task<int> CatchUpAsync(System.Data.Common.DbConnection connection, DirectLineConversationState state)
    {
        var rows = await connection.QueryAsync<string>(
            "SELECT json FROM directline_activities WHERE conversation_id = @Id AND sequence > @LastSequence ORDER BY sequence",
            new { state.Id, state.LastSequence });
        var read = 0;
        foreach (var json in rows)
        {
            state.Add(BotJson.Deserialize<Activity>(json));
            read++;
        }
        return read;
    }

    // Sends the attached socket everything after what it last got. Call under the gate.
    private static void SendNew(DirectLineConversationState state)
    {
        if (state.Stream is not { } stream || stream.SentThrough >= state.LastSequence)
        {
            return;
        }
        var (activities, watermark) = state.After(stream.SentThrough);
        stream.SentThrough = state.LastSequence;
        stream.Send(new ActivitySet { Activities = activities, Watermark = watermark });
    }

    private static string Watermark(int sequence) => sequence.ToString(CultureInfo.InvariantCulture);

    public int CachedConversations => _conversations.Count;

    /// Drops conversations idle since the cutoff from memory; the next request reloads them from the store.
    public int EvictIdle(DateTimeOffset cutoff)
    {
        var evicted = 0;
        foreach (var (id, state) in _conversations)
        {
            if (state.IsIdleSince(cutoff) && _conversations.TryRemove(new KeyValuePair<string, DirectLineConversationState>(id, state)))
            {
                evicted++;
            }
        }
        return evicted;
    }

    /// Drops erased conversations from memory, so that nothing of them is served again from this instance.
    public void Forget(IEnumerable<string> conversationIds)
    {
        foreach (var id in conversationIds)
        {
            if (_conversations.TryRemove(id, out var state))
            {
                state.Stream?.Close("conversation erased", WebSocketCloseStatus.PolicyViolation);
            }
        }
    }

    /// Closes the conversation's socket if it holds here with the revoked token (any token when no id is given).
    public void CloseRevoked(string conversationId, string? tokenId)
    {
        if (_conversations.TryGetValue(conversationId, out var state) && state.Stream is { } stream && (tokenId is null || stream.TokenId == tokenId))
        {
            stream.Close("token revoked", WebSocketCloseStatus.PolicyViolation);
        }
    }

    /// Typing indicators are shown live and never stored: they travel only over the stream.
    public string Publish(DirectLineConversationState state, Activity activity)
    {
        var id = $"{state.Id}|t{Guid.NewGuid():N}";
        var stamped = activity with { Id = id, Timestamp = time.GetUtcNow(), Conversation = new ConversationAccount { Id = state.Id } };
        if (state.Stream is { } stream)
        {
            stream.Send(new ActivitySet { Activities = [stamped], Watermark = Watermark(stream.SentThrough) });
        }
        else
        {
            fanOut.Typing(state.Id, BotJson.Serialize(stamped));
        }
        return id;
    }
}
