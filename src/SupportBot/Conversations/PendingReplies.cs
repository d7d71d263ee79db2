using SupportBot.BotFramework.Schema;

namespace SupportBot.Conversations;

/// The question every turn's start asks on PostgreSQL (TurnStart): whether the conversation has replies waiting in
/// the connector's outbox, which must go out before this turn's. The outbox (Channels/BotFramework/ConnectorOutbox)
/// owns the table and asks the same; the question lives here so that the turn's statement needs no channel.
internal static class PendingReplies
{
    /// The outbox's key of the activity's conversation.
    public static string KeyOf(Activity activity) => $"{activity.ChannelId}/{activity.Conversation?.Id}";

    public const string HasPendingSql =
        "SELECT EXISTS (SELECT 1 FROM connector_outbox WHERE state = 'pending' AND conversation_key = @conversationKey)";
}
