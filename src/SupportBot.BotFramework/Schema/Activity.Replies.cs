namespace SupportBot.BotFramework.Schema;

// Reply addressing as botbuilder's getConversationReference/applyConversationReference do it.
public sealed partial record Activity
{
    // Only addressing is copied: id and timestamp are the channel's to assign (A2031/A2041).
    public Activity CreateReply(string? text = null) => CreateAddressed(ActivityTypes.Message, text);

    public Activity CreateTypingReply() => CreateAddressed(ActivityTypes.Typing, text: null);

    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = GetReplyableId(),
        User = From,
        Bot = Recipient,
        Conversation = Conversation,
        ChannelId = ChannelId,
        Locale = Locale,
        ServiceUrl = ServiceUrl,
    };

    private Activity CreateAddressed(string type, string? text) => new()
    {
        Type = type,
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        // Copied whole so Teams keeps tenantId and conversationType.
        Conversation = Conversation,
        From = Recipient,
        Recipient = From,
        ReplyToId = GetReplyableId(),
        Locale = Locale,
        Text = text,
    };

    // Direct Line never stores the conversationUpdate it sends the bot, so replying to its id
    // would fail; the SDK leaves replyToId unset there and so do we.
    private string? GetReplyableId()
    {
        var unreplyable = string.Equals(Type, ActivityTypes.ConversationUpdate, StringComparison.Ordinal)
            && (string.Equals(ChannelId, ChannelIds.Directline, StringComparison.Ordinal)
                || string.Equals(ChannelId, ChannelIds.Webchat, StringComparison.Ordinal));
        return unreplyable ? null : Id;
    }
}
