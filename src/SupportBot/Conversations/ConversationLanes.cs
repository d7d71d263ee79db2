using System.Collections.Concurrent;

namespace SupportBot.Conversations;

/// One lane per conversation: its turns run one at a time, in arrival order, while different conversations run
/// in parallel. A lane's worker ends once the lane is empty, so quiet conversations cost nothing.
/// At shutdown the turns already queued still run to the end (TurnDrain waits for them); only when the host's
/// shutdown timeout runs out are they cancelled. A turn from the durable inbox is marked done there once it has run;
/// one cut short by the process dying stays pending, and is run again when its lease runs out.
internal sealed partial class ConversationLanes(TurnHandler handler, InboundActivities inbox, ILogger<ConversationLanes> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, byte> _held = new();
    private readonly CancellationTokenSource _abort = new();
    private int _pending;

    /// Turns queued or running.
    public int Pending => Volatile.Read(ref _pending);

    /// The inbox rows of the turns queued or running here, whose leases this instance renews.
    public IReadOnlyCollection<long> Held => [.. _held.Keys];

    /// Cancels the turns still running: the host is out of time to let them finish.
    public void Abort() => _abort.Cancel();

    public void Dispose() => _abort.Dispose();

    public void Enqueue(InboundTurn turn)
    {
        Track(turn);
        while (true)
        {
            var lane = _lanes.GetOrAdd(turn.ConversationKey, static _ => new Lane());
            bool start;
            lock (lane)
            {
                if (lane.Closed)
                {
                    // Its worker emptied it and took it out of the map since the lookup: the next lookup makes another.
                    continue;
                }
                lane.Turns.Enqueue(turn);
                start = !lane.Running;
                lane.Running = true;
            }
            if (start)
            {
                _ = Task.Run(() => RunAsync(turn.ConversationKey, lane, first: null));
            }
            return;
        }
    }

    private void Track(InboundTurn turn)
    {
        Interlocked.Increment(ref _pending);
        if (turn.InboxArrival is { } arrival)
        {
            _held[arrival] = 0;
        }
    }

    /// Opens the conversation's lane for a turn still to come, when no lane is open: turns enqueued meanwhile wait
    /// behind it, so what it reads before it comes stays current. Null when the conversation has a lane already.
    public LaneHold? TryHold(string conversationKey)
    {
        var lane = new Lane { Running = true };
        return _lanes.TryAdd(conversationKey, lane) ? new LaneHold(this, conversationKey, lane) : null;
    }

    /// A lane opened ahead of its first turn (TryHold). Run gives it the turn, which runs before any enqueued
    /// meanwhile; Dispose without one lets the lane go on with those, or close.
    public sealed class LaneHold(ConversationLanes lanes, string key, Lane lane) : IDisposable
    {
        private bool _done;

        public void Run(InboundTurn turn)
        {
            _done = true;
            lanes.Track(turn);
            _ = Task.Run(() => lanes.RunAsync(key, lane, turn));
        }

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                _ = Task.Run(() => lanes.RunAsync(key, lane, first: null));
            }
        }
    }

    /// Waits until every turn queued so far has been handled (tests, graceful shutdown).
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        while (Volatile.Read(ref _pending) > 0)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    private async Task RunAsync(string key, Lane lane, InboundTurn? first)
    {
        var abort = _abort.Token;
        if (first is not null)
        {
            await HandleSafelyAsync(first, abort);
        }
        while (true)
        {
            InboundTurn? turn;
            lock (lane)
            {
                if (!lane.Turns.TryDequeue(out turn))
                {
                    // Closed as soon as it is empty, in the same step as finding it so: a turn enqueued after this
                    // goes to a new lane, whose worker cannot overlap this one. (A customer types slower than the bot
                    // answers, so a lane kept open for their next message would mostly wait.)
                    lane.Closed = true;
                    _lanes.TryRemove(new KeyValuePair<string, Lane>(key, lane));
                    return;
                }
            }
            await HandleSafelyAsync(turn, abort);
        }
    }

    /// A turn received here that ConversationRunner runs once it holds the conversation: pending from now on, so
    /// a graceful stop (and DrainAsync) waits for it. Forget it if another instance ran it instead.
    public void Expect() => Interlocked.Increment(ref _pending);

    public void Forget() => Interlocked.Decrement(ref _pending);

    /// Runs a turn now, on the caller: ConversationRunner keeps a conversation's order across instances itself.
    /// It counts as pending for a graceful stop (already, when expected). Returns false when the turn failed.
    public async Task<bool> RunNowAsync(InboundTurn turn, bool expected = false)
    {
        if (!expected)
        {
            Interlocked.Increment(ref _pending);
        }
        if (turn.InboxArrival is { } arrival)
        {
            _held[arrival] = 0;
        }
        return await HandleSafelyAsync(turn, _abort.Token);
    }

    private async Task<bool> HandleSafelyAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        try
        {
            await handler.HandleAsync(turn, cancellationToken);
            if (turn.InboxArrival is { } arrival && !turn.Completed)
            {
                await SettleAsync(turn, () => inbox.CompleteAsync(arrival, cancellationToken));
            }
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTurnFailed(logger, ex, turn.ConversationKey, turn.Activity.Id);
            if (turn.InboxArrival is { } arrival)
            {
                await SettleAsync(turn, async () =>
                {
                    if (await inbox.ReleaseFailedAsync(arrival, cancellationToken))
                    {
                        LogGaveUp(logger, turn.ConversationKey, turn.Activity.Id, turn.Attempt);
                    }
                });
            }
            return false;
        }
        finally
        {
            if (turn.InboxArrival is { } arrival)
            {
                _held.TryRemove(arrival, out _);
            }
            Interlocked.Decrement(ref _pending);
        }
    }

    // When the store cannot take the outcome, the row stays pending; no longer renewed, its lease runs out and the
    // turn runs again, which finds what the first run already did (TurnHandler).
    private async Task SettleAsync(InboundTurn turn, Func<Task> settle)
    {
        try
        {
            await settle();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSettleFailed(logger, ex, turn.ConversationKey, turn.Activity.Id);
        }
    }

    // A conversation's queued turns; a worker runs them while Running, and once Closed the lane takes no more.
    public sealed class Lane
    {
        public Queue<InboundTurn> Turns { get; } = new();

        public bool Running { get; set; }

        public bool Closed { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed in conversation {Conversation} for activity {ActivityId}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string conversation, string? activityId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up the turn in conversation {Conversation} for activity {ActivityId} after {Attempts} runs; it is kept in inbound_activities with state 'failed'")]
    private static partial void LogGaveUp(ILogger logger, string conversation, string? activityId, long attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the outcome of the turn in conversation {Conversation} for activity {ActivityId}; it runs again when its lease runs out")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string conversation, string? activityId);
}
