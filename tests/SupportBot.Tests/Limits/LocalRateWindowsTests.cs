using Microsoft.Extensions.Time.Testing;
using SupportBot.Limits;

namespace SupportBot.Tests.Limits;

/// The in-process counters: clock-aligned fixed windows, as the shared counters in Redis keep them.
public sealed class LocalRateWindowsTests
{
    private static readonly RateLimit ThreeAMinute = new("test", 3, TimeSpan.FromMinutes(1));

    // 10:00:15 UTC: three quarters of the minute's window are left.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 15, TimeSpan.Zero));

    [Fact]
    public void A_key_gets_its_permits_for_the_rest_of_the_window_and_is_told_when_it_ends()
    {
        var windows = new LocalRateWindows(_clock);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(windows.Take(ThreeAMinute, "a", 1).Allowed);
        }
        var refused = windows.Take(ThreeAMinute, "a", 1);

        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(45), refused.RetryAfter);
        Assert.True(windows.Take(ThreeAMinute, "b", 1).Allowed);
    }

    [Fact]
    public void Asking_with_zero_permits_takes_nothing_and_a_refused_request_takes_nothing()
    {
        var windows = new LocalRateWindows(_clock);

        Assert.True(windows.Take(ThreeAMinute, "a", 0).Allowed);
        Assert.True(windows.Take(ThreeAMinute, "a", 2).Allowed);
        Assert.False(windows.Take(ThreeAMinute, "a", 2).Allowed);
        Assert.True(windows.Take(ThreeAMinute, "a", 0).Allowed);
        Assert.True(windows.Take(ThreeAMinute, "a", 1).Allowed);
        Assert.False(windows.Take(ThreeAMinute, "a", 0).Allowed);
    }

    [Fact]
    public void The_next_window_starts_from_nothing()
    {
        var windows = new LocalRateWindows(_clock);
        Assert.True(windows.Take(ThreeAMinute, "a", 3).Allowed);
        Assert.False(windows.Take(ThreeAMinute, "a", 1).Allowed);

        _clock.Advance(TimeSpan.FromSeconds(45));

        var next = windows.Take(ThreeAMinute, "a", 3);
        Assert.True(next.Allowed);
        Assert.Equal(TimeSpan.FromMinutes(1), next.RetryAfter);
    }

    [Fact]
    public async Task Concurrent_requests_never_get_more_than_the_limit_together()
    {
        var windows = new LocalRateWindows(_clock);
        var limit = new RateLimit("busy", 500, TimeSpan.FromMinutes(1));
        var allowed = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                if (windows.Take(limit, "shared", 1).Allowed)
                {
                    Interlocked.Increment(ref allowed);
                }
            }
        })));

        Assert.Equal(500, allowed);
    }
}
