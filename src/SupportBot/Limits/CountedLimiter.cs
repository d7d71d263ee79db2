using System.Diagnostics;
using System.Threading.RateLimiting;

namespace SupportBot.Limits;

/// One partition of a rate-limiting policy, counted by RateCounts (in Redis, shared by every instance). The count
/// needs a round trip, so the synchronous attempt the middleware makes first always declines, and the middleware
/// then awaits AcquireAsync, which decides.
internal sealed class CountedLimiter(RateCounts counts, RateLimit limit, string key) : RateLimiter
{
    private long _lastUsed = Stopwatch.GetTimestamp();

    // Holds no state of its own, so the middleware may drop it once unused and make another.
    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Deferred;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
        var decision = await counts.TakeAsync(limit, key, permitCount);
        return decision.Allowed ? Lease.Granted : new Lease(false, decision.RetryAfter);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);
        public static readonly Lease Deferred = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
