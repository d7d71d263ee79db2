using System.Collections.Concurrent;
using StackExchange.Redis;

namespace SupportBot.Conversations;

/// With Redis, a conversation's turns run one at a time across instances, in arrival order. The usual turn (a
/// customer message to a conversation nothing else is happening in) needs no lock in Redis: its claim, serialized
/// per conversation in the store, finds no other activity of the conversation pending, and it runs at once where it
/// arrived (TurnDispatcher). Otherwise the instance that stored an activity (or took it over) waits for the
/// conversation's lock; the holder claims the conversation's pending activities oldest first and runs them until
/// none is left, renewing the lock and their leases as it goes, then releases the lock and looks once more. An
/// instance that finds the lock taken, or the oldest activity running on another instance, keeps trying (backing
/// off) while it has something of the conversation to run. Without Redis the in-process lanes keep the order.
internal sealed partial class ConversationRunner(
    ConversationLocks locks,
    InboundActivities inbox,
    ConversationLanes lanes,
    PendingTurns pending,
    ILogger<ConversationRunner> logger)
{
    // Conversations being run here, with a count of the wake-ups each has had: a wake-up while running is not lost.
    private readonly ConcurrentDictionary<string, int> _wakeups = new(StringComparer.Ordinal);

    // Turns received here: run as received (with their own sender) rather than rebuilt from the store.
    private readonly ConcurrentDictionary<long, InboundTurn> _received = new();

    // How long an instance that found the lock taken waits before trying again, doubling up to the most.
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMilliseconds(100);

    /// The conversation's lock for one turn that arrived here; null when another holder has it (or Redis does not
    /// answer: the turn then takes the ordered way, which runs it unlocked).
    public async Task<ConversationLock?> TryLockAsync(string conversationKey)
    {
        try
        {
            return await locks.TryAcquireAsync(conversationKey) is { } token ? new ConversationLock(conversationKey, token) : null;
        }
        catch (RedisException)
        {
            return null;
        }
    }

    /// The conversation's lock, for work that must not overlap its turns (the outbox drain): null while another
    /// holder has it, or an activity of the conversation is pending (a turn runs, or waits, on some instance).
    public async Task<ConversationLock?> TryLockIdleAsync(string conversationKey)
    {
        if (await TryLockAsync(conversationKey) is not { } held)
        {
            return null;
        }
        var (channelId, conversationId) = InboundTurn.PartsOf(conversationKey);
        if (await inbox.AnyPendingAsync(channelId, conversationId, CancellationToken.None))
        {
            await UnlockAsync(held);
            return null;
        }
        return held;
    }

    public async Task UnlockAsync(ConversationLock conversationLock)
    {
        try
        {
            await locks.ReleaseAsync(conversationLock.Key, conversationLock.Token);
        }
        catch (RedisException ex)
        {
            // It expires by itself within its lifetime; until then the conversation's next turn waits for it.
            LogReleaseFailed(logger, ex, conversationLock.Key);
        }
    }

    public void Wake(InboundTurn turn)
    {
        if (turn.InboxArrival is { } arrival && _received.TryAdd(arrival, turn))
        {
            lanes.Expect();
        }
        Wake(turn.Activity.ChannelId ?? string.Empty, turn.Activity.Conversation?.Id ?? string.Empty);
    }

    public void Wake(string channelId, string conversationId)
    {
        var key = InboundTurn.KeyOf(channelId, conversationId);
        if (_wakeups.AddOrUpdate(key, 1, (_, count) => count + 1) == 1)
        {
            _ = Task.Run(() => RunAsync(key, channelId, conversationId));
        }
    }

    private async Task RunAsync(string key, string channelId, string conversationId)
    {
        while (true)
        {
            var seen = _wakeups[key];
            try
            {
                var retry = FirstRetry;
                while (true)
                {
                    var next = await RunWhileHeldAsync(key, channelId, conversationId)
                        ? await inbox.NextAsync(channelId, conversationId, CancellationToken.None)
                        : InboxNext.Blocked;
                    if (next == InboxNext.None)
                    {
                        break;
                    }
                    if (next == InboxNext.Blocked)
                    {
                        await Task.Delay(retry);
                        retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
                    }
                }
            }
            catch (Exception ex) when (ex is RedisException or System.Data.Common.DbException or OperationCanceledException)
            {
                // What is not run stays pending; its lease runs out and the sweep wakes the conversation again.
                LogRunFailed(logger, ex, key);
            }
            if (_wakeups.TryRemove(new KeyValuePair<string, int>(key, seen)))
            {
                // Received here but run by another instance: nothing here will claim them any more.
                foreach (var arrival in _received.Where(r => r.Value.ConversationKey == key).Select(r => r.Key))
                {
                    if (_received.TryRemove(arrival, out _))
                    {
                        lanes.Forget();
                    }
                }
                return;
            }
        }
    }

    // False when another holder has the lock.
    private async Task<bool> RunWhileHeldAsync(string key, string channelId, string conversationId)
    {
        string? token;
        try
        {
            if ((token = await locks.TryAcquireAsync(key)) is null)
            {
                return false;
            }
        }
        catch (RedisException ex)
        {
            // Redis is down: the turns run anyway, in order on this instance; only the guard across instances is lost.
            LogRunningUnlocked(logger, ex, key);
            token = null;
        }
        using var stop = new CancellationTokenSource();
        var renewing = token is null ? Task.CompletedTask : RenewAsync(key, token, channelId, conversationId, stop);
        try
        {
            while (!stop.IsCancellationRequested && await inbox.ClaimNextAsync(channelId, conversationId, CancellationToken.None) is { } next)
            {
                var expected = _received.TryRemove(next.Arrival, out var received);
                var turn = expected
                    ? received! with { Attempt = next.Attempt }
                    : await pending.TurnOfAsync(next, CancellationToken.None);
                if (turn is null)
                {
                    await inbox.GiveUpAsync(next.Arrival, CancellationToken.None);
                    continue;
                }
                if (!await lanes.RunNowAsync(turn, expected))
                {
                    // Released for the sweep to run again; the later ones wait behind it, as on one instance.
                    break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await renewing;
            if (token is not null)
            {
                await locks.ReleaseAsync(key, token);
            }
        }
        return true;
    }

    private async Task RenewAsync(string key, string token, string channelId, string conversationId, CancellationTokenSource stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(locks.Lifetime / 3, stop.Token);
                if (!await locks.RenewAsync(key, token))
                {
                    LogLockLost(logger, key);
                    await stop.CancelAsync();
                    return;
                }
                await inbox.RenewConversationAsync(channelId, conversationId, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is RedisException or System.Data.Common.DbException)
        {
            LogRunFailed(logger, ex, key);
            await stop.CancelAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Running conversation {Conversation} stopped; what is left runs when its lease runs out")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis did not answer; conversation {Conversation} runs without its lock across instances")]
    private static partial void LogRunningUnlocked(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the lock of conversation {Conversation}; it expires by itself")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string conversation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lock of conversation {Conversation} (a renewal came too late); another instance goes on with it")]
    private static partial void LogLockLost(ILogger logger, string conversation);
}

/// A conversation's lock across instances, held with a token only its holder knows.
internal sealed record ConversationLock(string Key, string Token);
