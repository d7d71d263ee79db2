namespace SupportBot.BotFramework.Connector;

/// The bots allowed to call this one as a skill, and where each takes its replies (Bot:SkillHostEndpoints). A reply
/// whose serviceUrl lies under a caller's endpoint is that caller's: it goes there with a token scoped to the caller's
/// app id, never with the Bot Framework token, which would let the caller act as this bot on every channel.
public static class SkillCallers
{
    /// The app id of the allowed caller whose skill host endpoint holds the serviceUrl, or null. When entries nest, the
    /// longest wins, so each serviceUrl belongs to one caller only.
    public static string? CallerAt(Uri serviceUrl, BotFrameworkOptions settings)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        ArgumentNullException.ThrowIfNull(settings);
        string? caller = null;
        var longest = -1;
        foreach (var (appId, endpoint) in settings.SkillHostEndpoints)
        {
            if (IsAllowed(appId, settings) && Root(endpoint) is { } root && IsUnder(serviceUrl, root) && root.AbsoluteUri.Length > longest)
            {
                caller = appId;
                longest = root.AbsoluteUri.Length;
            }
        }
        return caller;
    }

    public static bool IsAllowed(string appId, BotFrameworkOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.AllowedCallers.Contains("*") || settings.AllowedCallers.Contains(appId, StringComparer.OrdinalIgnoreCase);
    }

    private static Uri? Root(string endpoint)
        => Uri.TryCreate(endpoint.EndsWith('/') ? endpoint : endpoint + "/", UriKind.Absolute, out var root) && root.Scheme is "https" or "http" ? root : null;

    // Compared as the connector will call them, with dot segments resolved, so "/api/skills/../x" is not under "/api/skills/".
    private static bool IsUnder(Uri url, Uri root)
        => (url.AbsoluteUri.EndsWith('/') ? url.AbsoluteUri : url.AbsoluteUri + "/").StartsWith(root.AbsoluteUri, StringComparison.OrdinalIgnoreCase);
}
