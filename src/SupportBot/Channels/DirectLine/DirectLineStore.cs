using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.BotFramework.Schema;
using SupportBot.Storage;

namespace SupportBot.Channels.DirectLine;

/// Direct Line conversations, held in memory for speed and written through to the store so that a restart or
/// a reloaded page never loses an activity.
internal sealed class DirectLineStore(Database database, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DirectLineConversationState> _conversations = new(StringComparer.Ordinal);

    public async Task<(DirectLineConversationState State, bool Created)> GetOrCreateAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        if (await FindAsync(conversationId, cancellationToken) is { } existing)
        {
            return (existing, false);
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(
            "INSERT INTO directline_conversations (id, user_id, created_at) VALUES (@conversationId, @userId, @at) ON CONFLICT DO NOTHING",
            new { conversationId, userId, at = time.GetUtcNow().ToString("O") });
        var state = _conversations.GetOrAdd(conversationId, id => new DirectLineConversationState(id, userId, [], time.GetUtcNow()));
        return (state, inserted == 1);
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
    public async Task<Activity> AppendAsync(DirectLineConversationState state, Activity activity, CancellationToken cancellationToken)
    {
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            var sequence = state.LastSequence + 1;
            var stamped = activity with
            {
                Id = $"{state.Id}|{sequence.ToString("D7", CultureInfo.InvariantCulture)}",
                Timestamp = time.GetUtcNow(),
                Conversation = (activity.Conversation ?? new ConversationAccount()) with { Id = state.Id },
            };
            await using (var connection = await database.OpenAsync(cancellationToken))
            {
                await connection.ExecuteAsync(
                    "INSERT INTO directline_activities (conversation_id, sequence, json) VALUES (@Id, @sequence, @json)",
                    new { state.Id, sequence, json = BotJson.Serialize(stamped) });
            }
            state.Add(stamped);
            state.Stream?.Send(new ActivitySet { Activities = [stamped], Watermark = sequence.ToString(CultureInfo.InvariantCulture) });
            return stamped;
        }
        finally
        {
            state.Gate.Release();
        }
    }

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

    /// Typing indicators are shown live and never stored: they travel only over the stream.
    public static string Publish(DirectLineConversationState state, Activity activity, TimeProvider time)
    {
        var id = $"{state.Id}|t{Guid.NewGuid():N}";
        var stamped = activity with { Id = id, Timestamp = time.GetUtcNow(), Conversation = new ConversationAccount { Id = state.Id } };
        state.Stream?.Send(new ActivitySet { Activities = [stamped], Watermark = state.LastSequence.ToString(CultureInfo.InvariantCulture) });
        return id;
    }
}
