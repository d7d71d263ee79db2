namespace SupportBot.BotFramework.Schema;

/// The body of the response to an expectReplies request.
public sealed record ExpectedReplies
{
    public IReadOnlyList<Activity> Activities { get; init; } = [];
}
