namespace SupportBot.BotFramework.Connector;

/// Decides where the bot may send. With an app id: only to Bot Framework channels (and whatever the operator adds),
/// only over https, so a forged serviceUrl cannot make the bot hand its credentials to someone else. Without one,
/// anyone may have written the activity, so only to this machine: the bot is nobody's tool to call internal hosts.
/// A skill caller's own endpoint (Bot:SkillHostEndpoints) is trusted too, for replies with a token for that caller only.
public static class ServiceUrlTrust
{
    /// Null when the bot may call this serviceUrl; otherwise why not, for the log and a refusal's problem detail.
    public static string? Refusal(Uri serviceUrl, BotFrameworkOptions settings)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        ArgumentNullException.ThrowIfNull(settings);
        if (serviceUrl.Scheme is not ("https" or "http"))
        {
            return "The serviceUrl is not an http(s) URL.";
        }
        if (!settings.IsAuthenticationEnabled)
        {
            return serviceUrl.IsLoopback
                ? null
                : $"Without Bot:MicrosoftAppId the bot replies to serviceUrls on loopback only, never to '{serviceUrl.IdnHost}'.";
        }
        if (serviceUrl.Scheme != Uri.UriSchemeHttps && !(serviceUrl.IsLoopback && settings.AllowHttpOnLoopback))
        {
            return $"The bot's token travels over https only; '{serviceUrl.GetLeftPart(UriPartial.Authority)}' is plain http (Bot:AllowHttpOnLoopback allows it on loopback).";
        }
        return IsTrusted(serviceUrl, settings.TrustedServiceUrlHosts) || SkillCallers.CallerAt(serviceUrl, settings) is not null
            ? null
            : $"The serviceUrl host '{serviceUrl.IdnHost}' is not in Bot:TrustedServiceUrlHosts, nor is the serviceUrl under an allowed skill caller's entry in Bot:SkillHostEndpoints; the bot's token is never sent there.";
    }

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
