using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SupportBot.Limits;

/// Limits whose key is only known once the body is read (the account a sign-in names, the conversation an
/// /api/messages activity belongs to), so the rate-limiting middleware cannot apply them.
internal sealed class KeyedRateLimits(IOptions<LimitsOptions> options) : IDisposable
{
    /// Failed console sign-ins per account.
    public PartitionedRateLimiter<string> AccountSignIns { get; } =
        RatePartitions.PerKey(options.Value.FailedSignInsPerAccount, TimeSpan.FromMinutes(options.Value.SignInAccountWindowMinutes));

    public PartitionedRateLimiter<string> ConversationActivities { get; } =
        RatePartitions.PerKey(options.Value.ActivitiesPerConversationPerMinute, TimeSpan.FromMinutes(1));

    /// True when the key may go on; otherwise how long until it may. Zero permits only asks whether any are left.
    public static bool TryAcquire(PartitionedRateLimiter<string> limiter, string key, out TimeSpan retryAfter, int permits = 1)
    {
        using var lease = limiter.AttemptAcquire(key, permits);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        AccountSignIns.Dispose();
        ConversationActivities.Dispose();
    }
}
