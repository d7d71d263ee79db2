using SupportBot.Answering;

namespace SupportBot.Conversations;

internal static class ArticleLinks
{
    /// The article's absolute URL under baseUrl, or null when baseUrl is not an absolute http(s) URL.
    public static string? Absolute(Citation citation, string baseUrl)
        => Uri.TryCreate(baseUrl, UriKind.Absolute, out var root) && root.Scheme is "http" or "https"
            ? new Uri(root, citation.Url).AbsoluteUri
            : null;
}
