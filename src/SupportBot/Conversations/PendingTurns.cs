using System.Text.Json;
using SupportBot.BotFramework.Schema;
using SupportBot.Channels.BotFramework;
using SupportBot.Channels.DirectLine;

namespace SupportBot.Conversations;

/// Turns out of stored activities, for an instance that did not receive them: the reply goes back the way the
/// channel expects, into the Direct Line conversation or through the connector at the activity's serviceUrl.
internal sealed partial class PendingTurns(DirectLineStore directLine, BotFrameworkSender connector, TimeProvider time, ILogger<PendingTurns> logger)
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot run activity {ActivityId} in conversation {ConversationId} ({Reason}); marked failed")]
    private static partial void LogUnrunnable(ILogger logger, string activityId, string conversationId, string reason);
}
