using SupportBot.BotFramework.Schema;

namespace SupportBot.Conversations;

internal sealed record InboundTurn(Activity Activity, IActivitySender Sender, DateTimeOffset ReceivedAt)
{
    public string ConversationKey => $"{Activity.ChannelId}/{Activity.Conversation?.Id}";

    /// The activity's row in the durable inbox, marked done when the turn has run; null for an activity without an
    /// id (nothing could retry it) and for turns answered in the HTTP response.
    public long? InboxArrival { get; init; }

    /// 1 the first time; more when the turn runs again because an earlier run died or failed.
    public long Attempt { get; init; } = 1;

    /// Set by the turn when it marked its inbox row done itself, with its last write (TurnHandler): the lane then
    /// has nothing left to record.
    public bool Completed { get; set; }
}
