namespace SupportBot.Limits;

/// Who shares a counter of the limits endpoints opt into (EndpointRateLimit).
internal static class RatePartitions
{
    /// The caller's address. Behind a reverse proxy this is the proxy's unless forwarded headers are configured.
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
