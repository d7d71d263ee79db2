namespace SupportBot.Channels.DirectLine;

/// Web origins (scheme://host[:port]) as trusted-origin lists hold them, and the origin a request comes from.
internal static class Origins
{
    public const int MaxTrustedOrigins = 32;

    /// "https://Shop.example.com/" → "https://shop.example.com"; anything but an http(s) origin → null.
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }
        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    /// The page a browser request comes from. Browsers send Origin on every cross-origin request and WebSocket, but
    /// not on a same-origin GET, which carries the page in Referer instead. A request with neither is not a browser's.
    public static string? Of(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && origin != "null")
        {
            return Normalize(origin);
        }
        return Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer) ? Normalize(referer.GetLeftPart(UriPartial.Authority)) : null;
    }

    /// Validates and normalizes a caller's trustedOrigins list; null when an entry is not an origin.
    public static IReadOnlyList<string>? NormalizeAll(IEnumerable<string> values)
    {
        var normalized = new List<string>();
        foreach (var value in values)
        {
            if (Normalize(value) is not { } origin)
            {
                return null;
            }
            if (!normalized.Contains(origin, StringComparer.Ordinal))
            {
                normalized.Add(origin);
            }
        }
        return normalized;
    }
}
