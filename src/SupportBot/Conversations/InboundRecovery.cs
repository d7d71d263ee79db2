using Microsoft.Extensions.Options;

namespace SupportBot.Conversations;

/// At start and every Conversations:Inbox:RecoveryInterval: renews the leases of the turns this instance has queued
/// or running (a long model call is not taken over), then takes over the pending activities whose lease ran out
/// (their instance died) and runs them in their conversations' order: on this instance's lanes, or, with Redis,
/// through whichever instance holds the conversation's lock.
internal sealed partial class InboundRecovery(
    InboundActivities inbox,
    ConversationLanes lanes,
    PendingTurns turns,
    IOptions<InboxOptions> options,
    TimeProvider time,
    ILogger<InboundRecovery> logger,
    ConversationRunner? runner = null) : BackgroundService
{
    private readonly ConversationRunner? _runner = runner;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RecoveryInterval, time);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store is unreachable: the next tick tries again.
                    LogSweepFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await inbox.RenewAsync(lanes.Held, cancellationToken);
        var taken = await inbox.TakeOverExpiredAsync(cancellationToken, hold: _runner is null);
        foreach (var pending in taken)
        {
            LogRecovered(logger, pending.ActivityId, pending.ConversationId, pending.Attempt);
        }
        if (_runner is not null)
        {
            foreach (var conversation in taken.Select(p => (p.ChannelId, p.ConversationId)).Distinct())
            {
                _runner.Wake(conversation.ChannelId, conversation.ConversationId);
            }
            return;
        }
        var held = lanes.Held.ToHashSet();
        // A lease of this instance's own that ran out (a renewal came late) is its again now; its turn is already queued.
        foreach (var pending in taken.Where(p => !held.Contains(p.Arrival)))
        {
            if (await turns.TurnOfAsync(pending, cancellationToken) is { } turn)
            {
                lanes.Enqueue(turn);
            }
            else
            {
                await inbox.GiveUpAsync(pending.Arrival, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Running activity {ActivityId} in conversation {ConversationId} again (run {Attempt}): the instance that accepted it stopped before finishing it")]
    private static partial void LogRecovered(ILogger logger, string activityId, string conversationId, long attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The inbox sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
