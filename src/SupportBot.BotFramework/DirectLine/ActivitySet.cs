using SupportBot.BotFramework.Schema;

namespace SupportBot.BotFramework.DirectLine;

public sealed record ActivitySet
{
    // Non-nullable, so it is written even when empty: DirectLineJS iterates it unconditionally.
    public IReadOnlyList<Activity> Activities { get; init; } = [];

    // Opaque to clients; missing, empty or "null" means "from the beginning".
    public string? Watermark { get; init; }
}
