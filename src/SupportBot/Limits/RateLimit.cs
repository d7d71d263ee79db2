namespace SupportBot.Limits;

/// One counted limit: its name (in the Redis key, the log and the problem body), how many permits a key gets and
/// the window they are counted over.
internal sealed record RateLimit(string Name, int PermitLimit, TimeSpan Window);

/// Whether a key may go on, and if not, how long until it may.
internal readonly record struct RateDecision(bool Allowed, TimeSpan RetryAfter);
