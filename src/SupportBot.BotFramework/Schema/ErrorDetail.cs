namespace SupportBot.BotFramework.Schema;

// Code is the stable part (treat it as an open set); Message is for humans.
public sealed record ErrorDetail
{
    public string? Code { get; init; }

    public string? Message { get; init; }

    public InnerHttpError? InnerHttpError { get; init; }
}
