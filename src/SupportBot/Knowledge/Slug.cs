using System.Globalization;
using System.Text;

namespace SupportBot.Knowledge;

/// GitHub-style heading anchors, the same ids Markdig's AutoIdentifiers (GitHub mode) renders on the article page.
internal static class Slug
{
    public static string FromHeading(string heading)
    {
        var builder = new StringBuilder(heading.Length);
        foreach (var c in heading.Trim().ToLower(CultureInfo.InvariantCulture))
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('-');
            }
        }
        return builder.ToString();
    }

    /// Makes anchors unique inside one article as GitHub does: the second "faq" becomes "faq-1".
    public static string Unique(string anchor, ISet<string> used)
    {
        var candidate = anchor.Length == 0 ? "section" : anchor;
        for (var n = 1; !used.Add(candidate); n++)
        {
            candidate = $"{anchor}-{n}";
        }
        return candidate;
    }
}
