using SupportBot.Knowledge;

namespace SupportBot.Answering;

/// Texts as bags of the index's stemmed terms weighted by how rare they are in the knowledge base (tf-idf), compared
/// by cosine: a sentence-sized measure of "says the same thing" that needs no model.
internal static class TermVectors
{
    public static Dictionary<string, double> Of(IEnumerable<string> terms, KnowledgeIndex index)
    {
        var vector = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            vector[term] = vector.GetValueOrDefault(term) + index.Idf(term);
        }
        return vector;
    }

    public static Dictionary<string, double> Of(string text, string? language, KnowledgeIndex index) => Of(index.Analyze(text, language), index);

    public static double Cosine(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }
        var dot = a.Sum(p => b.TryGetValue(p.Key, out var w) ? p.Value * w : 0);
        return dot == 0 ? 0 : dot / (Norm(a) * Norm(b));
    }

    private static double Norm(IReadOnlyDictionary<string, double> vector) => Math.Sqrt(vector.Values.Sum(v => v * v));
}
