using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace SupportBot.Knowledge;

/// Splits a Markdown article into sections at #, ## and ### headings. Text before the first sub-heading belongs
/// to the article's top section.
internal static class MarkdownArticleParser
{
    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UsePipeTables()
        .UseEmphasisExtras()
        .Build();

    // Front matter names for what an article is about, as knowledge bases and CMS exports spell them.
    private static readonly string[] SubjectFields = ["subject", "entity_name", "entity", "product"];
    private static readonly string[] CategoryFields = ["category", "domain"];

    private static readonly string[] LanguageFields = ["language", "lang", "locale"];

    public static (string? Title, string? Id, ArticleSubject Subject, string? Language, IReadOnlyList<ParsedSection> Sections) Parse(string content)
    {
        var (fields, body) = FrontMatter.Split(content);
        var document = Markdown.Parse(body, Pipeline);
        var sections = new SectionBuilder();
        string? h1 = null;
        foreach (var block in document)
        {
            if (block is HeadingBlock { Level: <= 3 } heading)
            {
                var headingText = PlainText(body, heading).Trim();
                if (heading.Level == 1 && sections.IsEmpty)
                {
                    h1 = headingText;
                }
                sections.StartSection(headingText, heading.GetAttributes().Id);
                continue;
            }
            sections.AddText(PlainText(body, block));
        }

        fields.TryGetValue("title", out var title);
        fields.TryGetValue("id", out var id);
        var subject = new ArticleSubject(FirstField(fields, SubjectFields), FirstField(fields, CategoryFields));
        return (string.IsNullOrWhiteSpace(title) ? h1 : title, string.IsNullOrWhiteSpace(id) ? null : id, subject, FirstField(fields, LanguageFields), sections.Build());
    }

    private static string? FirstField(IReadOnlyDictionary<string, string> fields, string[] names)
        => names.Select(name => fields.GetValueOrDefault(name)?.Trim()).FirstOrDefault(value => !string.IsNullOrEmpty(value));

    private static string PlainText(string source, Block block)
    {
        // List items stay one per line with their marker, so answers can quote a step list as a list.
        if (block is ListBlock list)
        {
            var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
            return string.Join("\n", list.OfType<ListItemBlock>().Select(item =>
            {
                var marker = list.IsOrdered ? $"{number++}." : "-";
                var text = string.Join(" ", item.Select(child => PlainText(source, child)));
                return $"{marker} {text}";
            }));
        }

        var markdown = source.Substring(block.Span.Start, block.Span.Length);
        if (block is HeadingBlock)
        {
            markdown = markdown.TrimStart('#', ' ');
        }
        return Markdown.ToPlainText(markdown, Pipeline).Trim();
    }
}

/// What an article's front matter says it is about; both parts are optional.
internal sealed record ArticleSubject(string? Name, string? Category)
{
    public static readonly ArticleSubject None = new(null, null);
}

/// A section as found in a file, before it gets its article-scoped id.
internal sealed record ParsedSection(string? Anchor, string? Heading, string Text);
