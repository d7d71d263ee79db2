using System.Security.Cryptography;
using System.Text;
using SupportBot.Localization;

namespace SupportBot.Knowledge;

/// Reads one knowledge file into an article with stable section ids: the article id is the path relative to the
/// knowledge folder without extension (unless front matter names one), the section id adds the heading anchor.
internal static class ArticleReader
{
    public static readonly string[] SupportedExtensions = [".md", ".markdown", ".txt", ".html", ".htm"];

    public static bool IsSupported(string path) => SupportedExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    public static string Hash(string content) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    public static string IdFromPath(string relativePath)
    {
        var withoutExtension = Path.ChangeExtension(relativePath, null) ?? relativePath;
        return withoutExtension.Replace('\\', '/');
    }

    public static KnowledgeArticle Read(string relativePath, string content)
    {
        var extension = Path.GetExtension(relativePath).ToLowerInvariant();
        var fallbackTitle = Path.GetFileNameWithoutExtension(relativePath).Replace('-', ' ').Replace('_', ' ');
        string? title;
        string? declaredId = null;
        var subject = ArticleSubject.None;
        string? declaredLanguage = null;
        IReadOnlyList<ParsedSection> parsed;
        string format;
        switch (extension)
        {
            case ".md" or ".markdown":
                (title, declaredId, subject, declaredLanguage, parsed) = MarkdownArticleParser.Parse(content);
                format = "markdown";
                break;
            case ".html" or ".htm":
                (title, parsed) = HtmlArticleParser.Parse(content);
                format = "html";
                break;
            default:
                (title, parsed) = PlainTextArticleParser.Parse(content);
                format = "text";
                break;
        }

        var articleId = declaredId ?? IdFromPath(relativePath);
        var articleTitle = string.IsNullOrWhiteSpace(title) ? fallbackTitle : title.Trim();
        // Front matter may say which language an article is in; most articles don't, and their words tell.
        var language = Languages.FromLocale(declaredLanguage)
            ?? Languages.Detect(string.Join("\n", parsed.Select(s => s.Text)))
            ?? Languages.English;
        var used = new HashSet<string>(StringComparer.Ordinal);
        var sections = new List<KnowledgeSection>(parsed.Count);
        foreach (var section in parsed.Where(s => s.Text.Length > 0))
        {
            var heading = section.Heading ?? articleTitle;
            var anchor = Slug.Unique(section.Anchor ?? Slug.FromHeading(heading), used);
            sections.Add(new KnowledgeSection(
                KnowledgeSection.MakeId(articleId, anchor), articleId, articleTitle, anchor, heading, section.Text, sections.Count, subject.Name, subject.Category, language));
        }
        return new KnowledgeArticle(articleId, articleTitle, relativePath.Replace('\\', '/'), format, content, Hash(content), sections, subject.Name, subject.Category, language);
    }
}
