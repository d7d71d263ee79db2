namespace SupportBot.BotFramework.Schema;

public sealed record SuggestedActions
{
    public IReadOnlyList<string>? To { get; init; }

    public IReadOnlyList<CardAction>? Actions { get; init; }
}
