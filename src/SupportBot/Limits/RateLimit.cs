namespace SupportBot.Limits;

/// One counted limit: its name (in the Redis key, the log and the problem body), how many permits a key gets and
/// the window they are counted over.
internal sealed record RateLimit(string Name, int PermitLimit, TimeSpan Window);

/// Whether a key may go on, and if not, how long until it may.
internal readonly record struct RateDecision(bool Allowed, TimeSpan RetryAfter)
{
    /// A mark in Redis refused the request before it was counted (RateCounts.TakeUnlessMarkedAsync); nothing was taken.
    public bool Marked { get; init; }
}

/// A Redis key (its full name) whose value, a number, refuses a request when it is at least AtLeast: a credential's
/// revocation mark, read in the same script that counts the request (RateCounts.TakeUnlessMarkedAsync).
internal readonly record struct RateMark(string RedisKey, long AtLeast);
