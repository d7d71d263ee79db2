using SupportBot.Knowledge;

namespace SupportBot.Answering;

/// How well the best section covers the question: the share of the question's information (idf mass of its
/// terms) found in that section's title and text. BM25 scores are not comparable across queries; coverage is.
internal static class Confidence
{
    public static double Coverage(IReadOnlyList<string> questionTerms, KnowledgeSection section, KnowledgeIndex index)
    {
        if (questionTerms.Count == 0)
        {
            return 0;
        }
        var sectionTerms = index.Analyze($"{section.ArticleTitle}\n{section.Heading}\n{section.Text}", section.Language).ToHashSet(StringComparer.Ordinal);
        double total = 0, matched = 0;
        foreach (var term in questionTerms)
        {
            var idf = index.Idf(term);
            total += idf;
            if (sectionTerms.Contains(term))
            {
                matched += idf;
            }
        }
        return total == 0 ? 0 : matched / total;
    }
}
