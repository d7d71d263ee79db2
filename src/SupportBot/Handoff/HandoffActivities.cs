using SupportBot.BotFramework.Schema;

namespace SupportBot.Handoff;

internal static class HandoffActivities
{
    /// A message into the conversation, addressed as the bot's own replies are; an agent's carries their name.
    public static Activity Message(ConversationReference reference, string text, string? fromName = null) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = reference.ChannelId,
        ServiceUrl = reference.ServiceUrl,
        Conversation = reference.Conversation,
        From = fromName is null ? reference.Bot : (reference.Bot ?? new ChannelAccount()) with { Name = fromName },
        Recipient = reference.User,
        Locale = reference.Locale,
        Text = text,
        TextFormat = TextFormats.Markdown,
    };
}
