using SupportBot.BotFramework.Schema;
using SupportBot.Replies;

namespace SupportBot.Conversations;

internal sealed record InboundTurn(Activity Activity, IActivitySender Sender, DateTimeOffset ReceivedAt)
{
    public string ConversationKey => KeyOf(Activity);

    /// "channel/conversation": the key a conversation's lock, lane and outbox rows go by. Only this record knows its
    /// format; whoever holds a key and needs its parts asks PartsOf.
    public static string KeyOf(Activity activity) => KeyOf(activity.ChannelId ?? string.Empty, activity.Conversation?.Id ?? string.Empty);

    public static string KeyOf(string channelId, string conversationId) => $"{channelId}/{conversationId}";

    /// The channel and conversation of a key KeyOf made. Channel ids hold no '/' and a conversation's id may, so the
    /// key splits at its first.
    public static (string ChannelId, string ConversationId) PartsOf(string conversationKey)
    {
        var slash = conversationKey.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (conversationKey, string.Empty) : (conversationKey[..slash], conversationKey[(slash + 1)..]);
    }

    /// The activity's row in the durable inbox, marked done when the turn has run; null for an activity without an
    /// id (nothing could retry it) and for turns answered in the HTTP response.
    public long? InboxArrival { get; init; }

    /// 1 the first time; more when the turn runs again because an earlier run died or failed.
    public long Attempt { get; init; } = 1;

    /// What the turn reads first, when it was read together with the inbox claim: the dispatcher held the
    /// conversation's lane from before the claim, so nothing of the conversation ran in between (TurnDispatcher).
    public TurnStart? Start { get; init; }

    /// Set by the turn when it marked its inbox row done itself, with its last write (TurnHandler): the lane then
    /// has nothing left to record.
    public bool Completed { get; set; }
}
