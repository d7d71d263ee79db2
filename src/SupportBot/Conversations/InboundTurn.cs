using SupportBot.BotFramework.Schema;

namespace SupportBot.Conversations;

internal sealed record InboundTurn(Activity Activity, IActivitySender Sender, DateTimeOffset ReceivedAt)
{
    public string ConversationKey => $"{Activity.ChannelId}/{Activity.Conversation?.Id}";
}
