using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Channels.Teams;

/// Files shared in a Teams channel or group chat. Teams hands a bot the bytes of a file only in a personal chat
/// (download info); elsewhere a file stays in SharePoint or OneDrive and the message carries a link to it: an
/// anchor in the message's HTML (the text/html attachment every Teams message has), or a reference attachment
/// (contentType "reference", contentUrl the file). These become link attachments agents can follow, for links on
/// the trusted file hosts only (TeamsFiles:DownloadHosts): a link elsewhere stays in the text as the customer wrote
/// it. Nothing is fetched: such links need the viewer's own SharePoint access, which the bot does not have.
internal static partial class TeamsSharedFiles
{
    public const string ReferenceType = "reference";

    /// Link attachments for the shared files in the message, each URL once.
    public static IReadOnlyList<Attachment> Links(IEnumerable<Attachment> attachments, Func<Uri, bool> trusted)
    {
        var links = new List<Attachment>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attachment in attachments)
        {
            if (attachment.ContentType == ReferenceType && attachment.ContentUrl is { } reference)
            {
                Add(reference, attachment.Name);
            }
            else if (attachment.ContentType == "text/html" && attachment.Content is { ValueKind: JsonValueKind.String } html)
            {
                foreach (Match anchor in Anchor().Matches(html.GetString()!))
                {
                    Add(WebUtility.HtmlDecode(anchor.Groups["href"].Value), WebUtility.HtmlDecode(Tags().Replace(anchor.Groups["text"].Value, string.Empty)).Trim());
                }
            }
        }
        return links;

        void Add(string url, string? name)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && trusted(uri) && seen.Add(uri.AbsoluteUri))
            {
                links.Add(new Attachment { ContentType = ReferenceType, ContentUrl = uri.AbsoluteUri, Name = NameOf(uri, name) });
            }
        }
    }

    // The anchor's text when it names something, else the file name at the end of the URL's path.
    private static string NameOf(Uri url, string? text)
    {
        if (text is { Length: > 0 } && !text.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }
        var last = Uri.UnescapeDataString(url.AbsolutePath.TrimEnd('/').Split('/')[^1]);
        return last.Length > 0 ? last : url.IdnHost;
    }

    [GeneratedRegex("""<a\s[^>]*?href\s*=\s*"(?<href>[^"]+)"[^>]*>(?<text>.*?)</a\s*>""", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Anchor();

    [GeneratedRegex("<[^>]*>", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Tags();
}
