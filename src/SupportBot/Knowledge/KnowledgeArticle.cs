namespace SupportBot.Knowledge;

internal sealed record KnowledgeArticle(
    string Id,
    string Title,
    string SourcePath,
    string Format,
    string Body,
    string ContentHash,
    IReadOnlyList<KnowledgeSection> Sections);

/// A heading-delimited part of an article: the unit retrieval ranks and answers quote.
internal sealed record KnowledgeSection(string Id, string ArticleId, string ArticleTitle, string Anchor, string Heading, string Text, int Position)
{
    public static string MakeId(string articleId, string anchor) => $"{articleId}#{anchor}";
}
