using System.Collections.Concurrent;

namespace SupportBot.Limits;

/// This instance's own rate counters, in the same clock-aligned fixed windows as the shared ones in Redis
/// (RateCounts): window n of a limit covers [n*w, (n+1)*w) on the host's TimeProvider. Each limit keeps the counts of
/// its current window only, and a new window starts with an empty map: nothing is swept or timed per key.
/// (System.Threading.RateLimiting's partitioned limiter, used here before, gives every key a limiter of its own and
/// visits each of them ten times a second; with a key per conversation that heartbeat was a twentieth of the
/// bot's processor time under load.)
internal sealed class LocalRateWindows(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public RateDecision Take(RateLimit limit, string key, int permits)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = (long)limit.Window.TotalMilliseconds;
        var index = now / windowMs;
        var left = TimeSpan.FromMilliseconds(((index + 1) * windowMs) - now);
        var counts = Current(limit.Name, index).Counts;
        while (true)
        {
            var used = counts.GetValueOrDefault(key);
            // Zero permits only asks whether any are left; a refused request takes nothing.
            if ((permits == 0 && used >= limit.PermitLimit) || used + permits > limit.PermitLimit)
            {
                return new RateDecision(false, left);
            }
            if (permits == 0 || (used == 0 ? counts.TryAdd(key, permits) : counts.TryUpdate(key, used + permits, used)))
            {
                return new RateDecision(true, left);
            }
        }
    }

    // The limit's window for this moment: the one kept, or a fresh one once the clock has passed it. A request that
    // read the clock just before a newer window was put in counts in that newer one, never in an older one.
    private Window Current(string limit, long index)
    {
        while (true)
        {
            if (_windows.TryGetValue(limit, out var kept))
            {
                if (kept.Index >= index || _windows.TryUpdate(limit, new Window(index), kept))
                {
                    return _windows[limit];
                }
            }
            else if (_windows.TryAdd(limit, new Window(index)))
            {
                return _windows[limit];
            }
        }
    }

    private sealed record Window(long Index)
    {
        public ConcurrentDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);
    }
}
