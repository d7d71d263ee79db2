using System.Collections.Concurrent;
using System.Threading.Channels;

namespace SupportBot.Conversations;

/// One lane per conversation: its turns run one at a time, in arrival order, while different conversations run
/// in parallel. A lane's worker ends when the lane has been idle, so quiet conversations cost nothing.
/// At shutdown the turns already queued still run to the end (TurnDrain waits for them); only when the host's
/// shutdown timeout runs out are they cancelled. A turn from the durable inbox is marked done there once it has run;
/// one cut short by the process dying stays pending, and is run again when its lease runs out.
internal sealed partial class ConversationLanes(TurnHandler handler, InboundActivities inbox, ILogger<ConversationLanes> logger, IHostApplicationLifetime lifetime) : IDisposable
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, Channel<InboundTurn>> _lanes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, byte> _held = new();
    private readonly CancellationTokenSource _abort = new();
    private int _pending;

    public int ActiveLanes => _lanes.Count;

    /// Turns queued or running.
    public int Pending => Volatile.Read(ref _pending);

    /// The inbox rows of the turns queued or running here, whose leases this instance renews.
    public IReadOnlyCollection<long> Held => [.. _held.Keys];

    /// Cancels the turns still running: the host is out of time to let them finish.
    public void Abort() => _abort.Cancel();

    public void Dispose() => _abort.Dispose();

    public void Enqueue(InboundTurn turn)
    {
        while (true)
        {
            var created = false;
            var lane = _lanes.GetOrAdd(turn.ConversationKey, _ =>
            {
                created = true;
                return Channel.CreateUnbounded<InboundTurn>(new UnboundedChannelOptions { SingleReader = true });
            });
            Interlocked.Increment(ref _pending);
            if (turn.InboxArrival is { } arrival)
            {
                _held[arrival] = 0;
            }
            if (lane.Writer.TryWrite(turn))
            {
                if (created)
                {
                    StartWorker(turn.ConversationKey, lane);
                }
                return;
            }
            // The lane closed between lookup and write (its worker went idle); it has left the map, so retry.
            Interlocked.Decrement(ref _pending);
            if (turn.InboxArrival is { } held)
            {
                _held.TryRemove(held, out _);
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

    private void StartWorker(string key, Channel<InboundTurn> lane) => _ = Task.Run(() => RunAsync(key, lane));

    private async Task RunAsync(string key, Channel<InboundTurn> lane)
    {
        // Stopping only ends the wait of an idle lane; turns run on until done or aborted.
        var stopping = lifetime.ApplicationStopping;
        var abort = _abort.Token;
        while (true)
        {
            while (lane.Reader.TryRead(out var turn))
            {
                await HandleSafelyAsync(turn, abort);
            }
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            idle.CancelAfter(IdleTimeout);
            try
            {
                if (await lane.Reader.WaitToReadAsync(idle.Token))
                {
                    continue;
                }
            }
            catch (OperationCanceledException)
            {
            }
            // Close the lane, then handle anything written before it closed: no turn is dropped.
            _lanes.TryRemove(new KeyValuePair<string, Channel<InboundTurn>>(key, lane));
            lane.Writer.TryComplete();
            while (lane.Reader.TryRead(out var late))
            {
                await HandleSafelyAsync(late, abort);
            }
            return;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed in conversation {Conversation} for activity {ActivityId}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string conversation, string? activityId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up the turn in conversation {Conversation} for activity {ActivityId} after {Attempts} runs; it is kept in inbound_activities with state 'failed'")]
    private static partial void LogGaveUp(ILogger logger, string conversation, string? activityId, long attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the outcome of the turn in conversation {Conversation} for activity {ActivityId}; it runs again when its lease runs out")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string conversation, string? activityId);
}
