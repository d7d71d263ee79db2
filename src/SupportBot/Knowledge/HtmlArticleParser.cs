using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SupportBot.Knowledge;

/// Splits an HTML article at h1-h3; scripts, styles and navigation are not knowledge.
internal static class HtmlArticleParser
{
    private static readonly HtmlParser Parser = new();

    public static (string? Title, IReadOnlyList<ParsedSection> Sections) Parse(string content)
    {
        using var document = Parser.ParseDocument(content);
        foreach (var noise in document.QuerySelectorAll("script, style, nav, header, footer, noscript").ToList())
        {
            noise.Remove();
        }
        var h1 = document.QuerySelector("h1")?.TextContent.Trim();
        var title = document.Title?.Trim() is { Length: > 0 } t ? t : h1;

        var sections = new SectionBuilder();
        var root = document.Body ?? (IElement?)document.DocumentElement;
        foreach (var element in root?.QuerySelectorAll("h1, h2, h3, p, li, td, th, pre, blockquote, dt, dd") ?? Enumerable.Empty<IElement>())
        {
            if (element.LocalName is "h1" or "h2" or "h3")
            {
                var heading = Normalise(element.TextContent);
                sections.StartSection(heading, element.Id is { Length: > 0 } id ? id : Slug.FromHeading(heading));
                continue;
            }
            // Nested blocks (a <p> inside an <li>) are reached through their container already.
            if (element.ParentElement?.Closest("p, li, td, th, pre, blockquote, dd") is not null)
            {
                continue;
            }
            var line = Normalise(element.TextContent);
            if (line.Length > 0)
            {
                sections.AddText(element.LocalName == "li" ? "- " + line : line);
            }
        }
        return (title, sections.Build());
    }

    private static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
