using SupportBot.BotFramework.Schema;

namespace SupportBot.Conversations;

/// The question every turn's start asks on PostgreSQL (TurnStart): whether the conversation has replies waiting in
/// the connector's outbox, which must go out before this turn's. The outbox (Channels/BotFramework/ConnectorOutbox)
/// owns the table and asks the same; the question lives here so that the turn's statement needs no channel.
internal static class PendingReplies
{
    /// The outbox's key of the activity's conversation: the conversation's own key, which the drain locks by.
    public static string KeyOf(Activity activity) => InboundTurn.KeyOf(activity);

    public const string HasPendingSql =
        "SELECT EXISTS (SELECT 1 FROM connector_outbox WHERE state = 'pending' AND conversation_key = @conversationKey)";
}
