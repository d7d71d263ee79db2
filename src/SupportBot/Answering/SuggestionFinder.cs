using SupportBot.Knowledge;
using SupportBot.Localization;

namespace SupportBot.Answering;

/// Knowledge sections an agent might answer a customer's message with: the bot's own retrieval and extractive
/// excerpt, without its judgement on whether it is sure enough to answer alone. The agent decides.
internal sealed class SuggestionFinder(KnowledgeIndex index, QueryBuilder queries)
{
    private const int ExcerptSentences = 2;
    private const int ExcerptCharacters = 320;

    public IReadOnlyList<Suggestion> Find(string message, int top)
    {
        var query = queries.Build(message, [], Languages.ForMessage(message, null));
        return
        [
            .. index.Search(query.Weights, top * 3)
                .Select(h => h.Section)
                // One section per article: three headings of the same article are one suggestion.
                .DistinctBy(s => s.ArticleId, StringComparer.Ordinal)
                .Take(top)
                .Select(s => new Suggestion(
                    s.ArticleId,
                    s.ArticleTitle,
                    s.Heading,
                    ExtractiveAnswer.Compose(s, query.Weights, index, ExcerptSentences, ExcerptCharacters),
                    new Citation(s.ArticleId, s.ArticleTitle, s.Anchor, s.Heading).Url)),
        ];
    }
}

internal sealed record Suggestion(string ArticleId, string Title, string Heading, string Excerpt, string Url);
