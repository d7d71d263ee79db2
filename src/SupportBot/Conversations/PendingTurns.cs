using System.Text.Json;
using SupportBot.BotFramework.Schema;
using SupportBot.Replies;

namespace SupportBot.Conversations;

/// Turns out of stored activities, for an instance that did not receive them: the reply goes back the way the
/// channel expects, into the Direct Line conversation or through the connector at the activity's serviceUrl.
internal sealed partial class PendingTurns(ITurnSenders senders, TimeProvider time, ILogger<PendingTurns> logger)
{
    /// Null when the activity cannot be run at all (logged; the caller gives it up).
    public async Task<InboundTurn?> TurnOfAsync(PendingActivity pending, CancellationToken cancellationToken)
    {
        Activity activity;
        try
        {
            activity = InboundActivities.FromInboxJson(pending.Json ?? "null");
        }
        catch (JsonException ex)
        {
            LogUnrunnable(logger, pending.ActivityId, pending.ConversationId, ex.Message);
            return null;
        }
        if (await senders.ForStoredTurnAsync(pending.ChannelId, pending.ConversationId, cancellationToken) is not { } sender)
        {
            LogUnrunnable(logger, pending.ActivityId, pending.ConversationId, "the Direct Line conversation no longer exists");
            return null;
        }
        return new InboundTurn(activity, sender, time.GetUtcNow()) { InboxArrival = pending.Arrival, Attempt = pending.Attempt };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot run activity {ActivityId} in conversation {ConversationId} ({Reason}); marked failed")]
    private static partial void LogUnrunnable(ILogger logger, string activityId, string conversationId, string reason);
}
