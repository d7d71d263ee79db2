namespace SupportBot.BotFramework.Connector;

/// Decides which hosts may receive the bot's outbound token: only Bot Framework channels (and whatever the
/// operator adds), so a forged serviceUrl cannot make the bot hand its credentials to someone else.
public static class ServiceUrlTrust
{
    public static bool IsTrusted(Uri serviceUrl, IEnumerable<string> trustedHosts)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        ArgumentNullException.ThrowIfNull(trustedHosts);
        var host = serviceUrl.IdnHost;
        foreach (var pattern in trustedHosts)
        {
            if (pattern.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1
                : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
