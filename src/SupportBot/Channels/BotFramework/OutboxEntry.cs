namespace SupportBot.Channels.BotFramework;

internal sealed record OutboxEntry(long Id, string ConversationKey, string ActivityJson, int Attempts);
