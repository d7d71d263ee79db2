using System.ComponentModel.DataAnnotations;

namespace SupportBot.Channels.BotFramework;

/// How the outbox retries replies a channel could not take ("Bot:Outbox").
internal sealed class OutboxOptions
{
    public const string Section = "Bot:Outbox";

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// Outbox tries for a transient failure (throttling, outage) before the entry is marked dead: about a day.
    [Range(1, 10_000)]
    public int MaxAttempts { get; set; } = 200;

    /// Outbox tries (after the first send) when the channel refuses the reply itself (400, 403, 404).
    [Range(1, 100)]
    public int MaxAttemptsWhenRefused { get; set; } = 3;

    [Range(1, 10_000)]
    public int BatchConversations { get; set; } = 50;
}
