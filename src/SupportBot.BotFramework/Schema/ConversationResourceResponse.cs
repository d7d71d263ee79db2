namespace SupportBot.BotFramework.Schema;

// ActivityId is present only when ConversationParameters carried an initial activity.
public sealed record ConversationResourceResponse
{
    public string? Id { get; init; }

    public string? ActivityId { get; init; }

    public string? ServiceUrl { get; init; }
}
