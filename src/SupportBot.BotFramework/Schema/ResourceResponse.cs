namespace SupportBot.BotFramework.Schema;

// Id is optional: Teams answers streaming continuations with 202 "{}".
public sealed record ResourceResponse
{
    public string? Id { get; init; }
}
