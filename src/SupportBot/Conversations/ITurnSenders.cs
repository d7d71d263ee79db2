using SupportBot.Replies;

namespace SupportBot.Conversations;

/// The way back into a conversation for a turn this instance did not receive (PendingTurns); implemented by
/// Channels/ConversationSenders, which knows the channels.
internal interface ITurnSenders
{
    /// Null when the conversation can no longer be reached (a Direct Line conversation that is gone).
    Task<IActivitySender?> ForStoredTurnAsync(string channelId, string conversationId, CancellationToken cancellationToken);
}
