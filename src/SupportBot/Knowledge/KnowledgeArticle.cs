namespace SupportBot.Knowledge;

internal sealed record KnowledgeArticle(
    string Id,
    string Title,
    string SourcePath,
    string Format,
    string Body,
    string ContentHash,
    IReadOnlyList<KnowledgeSection> Sections,
    string? Subject = null,
    string? Category = null,
    string? Language = null);

/// A heading-delimited part of an article: the unit retrieval ranks and answers quote. Subject is what the article
/// is about when its front matter names it (a product, a store, a hotel) and Category the kind of subject; a
/// conversation about one subject is answered from that subject's articles. Language is the article's ("en", "id"),
/// which decides how its words are stemmed; null is English.
internal sealed record KnowledgeSection(
    string Id, string ArticleId, string ArticleTitle, string Anchor, string Heading, string Text, int Position,
    string? Subject = null, string? Category = null, string? Language = null)
{
    public static string MakeId(string articleId, string anchor) => $"{articleId}#{anchor}";
}
