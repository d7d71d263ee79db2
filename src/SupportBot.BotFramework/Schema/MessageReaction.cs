namespace SupportBot.BotFramework.Schema;

public sealed record MessageReaction
{
    // Teams: like, heart, laugh, surprised, sad, angry.
    public string? Type { get; init; }
}
