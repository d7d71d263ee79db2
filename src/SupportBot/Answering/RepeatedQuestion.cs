using SupportBot.Knowledge;

namespace SupportBot.Answering;

/// Finds an earlier customer turn that asked the same question again, by the overlap of their search terms
/// (Jaccard similarity), so rewording a question slightly still counts as asking it again.
internal static class RepeatedQuestion
{
    private const int MinTerms = 2;

    public static ConversationTurn? Find(string question, IReadOnlyList<ConversationTurn> history, KnowledgeIndex index, string language, double similarity)
    {
        var terms = index.Analyze(question, language).ToHashSet(StringComparer.Ordinal);
        if (terms.Count < MinTerms)
        {
            return null;
        }
        return history.LastOrDefault(turn =>
        {
            if (turn.Speaker != Speaker.Customer)
            {
                return false;
            }
            var earlier = index.Analyze(turn.Text, language).ToHashSet(StringComparer.Ordinal);
            var shared = earlier.Count(terms.Contains);
            return shared >= MinTerms && (double)shared / (terms.Count + earlier.Count - shared) >= similarity;
        });
    }
}
