namespace SupportBot.BotFramework.Schema;

// What to persist for proactive messages. A7550: channelId and conversation.id are mandatory;
// A7560: only trust a serviceUrl that came from an authenticated inbound activity.
public sealed record ConversationReference
{
    public string? ActivityId { get; init; }

    public ChannelAccount? User { get; init; }

    public ChannelAccount? Bot { get; init; }

    public ConversationAccount? Conversation { get; init; }

    public string? ChannelId { get; init; }

    public string? Locale { get; init; }

    public string? ServiceUrl { get; init; }
}
