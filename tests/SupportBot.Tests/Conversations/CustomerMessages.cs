using SupportBot.BotFramework.Schema;

namespace SupportBot.Tests.Conversations;

/// A customer's message on the in-process test channel, addressed as a channel would address it.
internal static class CustomerMessages
{
    public static Activity Message(string conversation, string id, string text, string customer = "customer-1", string? locale = null) => new()
    {
        Type = ActivityTypes.Message,
        Id = id,
        ChannelId = "test",
        Locale = locale,
        Conversation = new ConversationAccount { Id = conversation },
        From = new ChannelAccount { Id = customer, Role = "user" },
        Recipient = new ChannelAccount { Id = "supportbot", Role = "bot" },
        Text = text,
    };
}
