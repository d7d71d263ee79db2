using System.Threading.RateLimiting;

namespace SupportBot.Limits;

/// Who shares a counter, and the in-process counter itself (RateCounts moves counters to Redis when it is configured).
internal static class RatePartitions
{
    /// The caller's address. Behind a reverse proxy this is the proxy's unless forwarded headers are configured.
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// The conversation a Direct Line route names; requests without one count against their address instead.
    public static string Conversation(HttpContext context)
        => context.Request.RouteValues["conversationId"] is string id ? "conversation:" + id : "address:" + ClientAddress(context);

    public static RateLimitPartition<string> PerWindow(string key, int permits, TimeSpan window)
        => RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(permits, window));

    public static PartitionedRateLimiter<string> PerKey(int permits, TimeSpan window)
        => PartitionedRateLimiter.Create<string, string>(key => PerWindow(key, permits, window));

    // No queue: a client over its limit is told at once when to come back, rather than held on a connection.
    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
