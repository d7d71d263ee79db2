using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.Channels.BotFramework;
using SupportBot.Channels.DirectLine;

namespace SupportBot.Conversations;

/// At start and every Conversations:Inbox:RecoveryInterval: renews the leases of the turns this instance has queued
/// or running (a long model call is not taken over), then takes over the pending activities whose lease ran out
/// (their instance died) and queues them on their conversations' lanes in arrival order. The reply goes back the
/// way the channel expects: into the Direct Line conversation, or through the connector at the activity's serviceUrl.
internal sealed partial class InboundRecovery(
    InboundActivities inbox,
    ConversationLanes lanes,
    DirectLineStore directLine,
    BotFrameworkSender connector,
    IOptions<InboxOptions> options,
    TimeProvider time,
    ILogger<InboundRecovery> logger) : BackgroundService
{
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
        var taken = await inbox.TakeOverExpiredAsync(cancellationToken);
        var held = lanes.Held.ToHashSet();
        // A lease of this instance's own that ran out (a renewal came late) is its again now; its turn is already queued.
        foreach (var pending in taken.Where(p => !held.Contains(p.Arrival)))
        {
            if (await TurnOfAsync(pending, cancellationToken) is { } turn)
            {
                LogRecovered(logger, pending.ActivityId, pending.ConversationId, pending.Attempt);
                lanes.Enqueue(turn);
            }
            else
            {
                await inbox.GiveUpAsync(pending.Arrival, cancellationToken);
            }
        }
    }

    private async Task<InboundTurn?> TurnOfAsync(PendingActivity pending, CancellationToken cancellationToken)
    {
        Activity activity;
        try
        {
            activity = BotJson.Deserialize<Activity>(pending.Json ?? "null") ?? throw new JsonException("No activity stored.");
        }
        catch (JsonException ex)
        {
            LogUnrunnable(logger, pending.ActivityId, pending.ConversationId, ex.Message);
            return null;
        }
        IActivitySender sender = connector;
        if (pending.ChannelId == ChannelIds.Directline)
        {
            if (await directLine.FindAsync(pending.ConversationId, cancellationToken) is not { } conversation)
            {
                LogUnrunnable(logger, pending.ActivityId, pending.ConversationId, "the Direct Line conversation no longer exists");
                return null;
            }
            sender = new DirectLineSender(directLine, conversation);
        }
        return new InboundTurn(activity, sender, time.GetUtcNow()) { InboxArrival = pending.Arrival, Attempt = pending.Attempt };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Running activity {ActivityId} in conversation {ConversationId} again (run {Attempt}): the instance that accepted it stopped before finishing it")]
    private static partial void LogRecovered(ILogger logger, string activityId, string conversationId, long attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot run activity {ActivityId} in conversation {ConversationId} ({Reason}); marked failed")]
    private static partial void LogUnrunnable(ILogger logger, string activityId, string conversationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The inbox sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
