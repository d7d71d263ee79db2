using System.ComponentModel.DataAnnotations;

namespace SupportBot.BotFramework.Connector;

/// Retry, timeout and circuit-breaker settings for calls to channels ("Bot:Connector").
public sealed class ConnectorResilienceOptions
{
    public const string Section = "Bot:Connector";

    /// Retries after the first attempt, on 429 (waiting Retry-After), 412, 5xx, timeouts and network errors.
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// First backoff delay; it doubles with jitter on each retry (Teams' guidance: seconds, not milliseconds).
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// Longest Retry-After honoured; a channel asking for more sends the reply to the outbox instead.
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:30:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// Holds each conversation's sends within Teams' per-conversation limits (ConversationPacing).
    public bool PaceConversations { get; set; } = true;

    /// Teams' global limit on the bot's connector calls a second, across every conversation (BotSendBudget); 0 turns it off.
    [Range(0, 10_000)]
    public int GlobalSendsPerSecond { get; set; } = 50;

    /// The circuit opens when this share of calls failed within the sampling window...
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    [Range(2, 10_000)]
    public int CircuitMinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// ...and stays open this long, during which sends go straight to the outbox.
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
