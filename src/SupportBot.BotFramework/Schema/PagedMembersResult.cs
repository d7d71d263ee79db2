namespace SupportBot.BotFramework.Schema;

public sealed record PagedMembersResult
{
    public string? ContinuationToken { get; init; }

    public IReadOnlyList<ChannelAccount> Members { get; init; } = [];
}
