using SupportBot.Knowledge;

namespace SupportBot.Answering;

/// How well the best section covers the question: the share of the question's information (idf mass of its
/// terms) found in that section's title and text. BM25 scores are not comparable across queries; coverage is.
/// A term the section does not hold counts as found when one of its translations is there (an Indonesian question,
/// an English article).
internal static class Confidence
{
    /// <param name="sectionTerms">The section's analysed terms (SectionTerms).</param>
    public static double Coverage(WeightedQuery query, IReadOnlySet<string> sectionTerms, KnowledgeIndex index)
    {
        var questionTerms = query.QuestionTerms;
        if (questionTerms.Count == 0)
        {
            return 0;
        }
        double total = 0, matched = 0;
        foreach (var term in questionTerms)
        {
            // A translated term carries as much information as the most telling of its English equivalents.
            var idf = index.Idf(term, query.Language);
            if (query.Translations.TryGetValue(term, out var equivalents))
            {
                idf = Math.Max(idf, equivalents.Max(index.Idf));
            }
            total += idf;
            if (sectionTerms.Contains(term) || (equivalents is not null && equivalents.Any(sectionTerms.Contains)))
            {
                matched += idf;
            }
        }
        return total == 0 ? 0 : matched / total;
    }
}
