using SupportBot.Knowledge;
using SupportBot.Localization;

namespace SupportBot.Analytics;

/// Groups customers' questions that ask the same thing in different words. Each question becomes the knowledge
/// index's own terms (stop words dropped, stemmed, in its language), so "reset my password" and "password
/// resetting" meet; questions whose term sets overlap enough join the group of the most common wording they
/// resemble. Overlap is Jaccard similarity (as repeated questions are told in answering) with each term weighted by
/// its idf in the knowledge base: "order" is in half the articles and says little, so "Where is my order?" and
/// "Can I cancel my order?" stay apart, while "cancel" carries the second. Deterministic: the same log gives the
/// same groups.
internal sealed class QuestionGroups(KnowledgeIndex index)
{
    public const double DefaultSimilarity = 0.5;
    private const int Examples = 5;

    public IReadOnlyList<QuestionGroup> Group(IEnumerable<string> questions, double similarity = DefaultSimilarity)
        => Group(questions.Select(q => new AskedText(q, 1)), similarity);

    /// The same grouping over texts already counted (the store counts each distinct text: RollupQuestionReader), in
    /// the order they were first asked: each text is analysed once, however often it was asked.
    public IReadOnlyList<QuestionGroup> Group(IEnumerable<AskedText> questions, double similarity = DefaultSimilarity)
    {
        // Identical term sets first: most traffic repeats a few wordings, so clustering works on distinct ones.
        var wordings = new Dictionary<string, Wording>(StringComparer.Ordinal);
        foreach (var (question, count) in questions)
        {
            var text = question.Trim();
            var terms = index.Analyze(text, Languages.Detect(text)).ToHashSet(StringComparer.Ordinal);
            if (terms.Count == 0)
            {
                continue;
            }
            var key = string.Join(' ', terms.Order(StringComparer.Ordinal));
            if (!wordings.TryGetValue(key, out var wording))
            {
                wordings[key] = wording = new Wording(key, terms);
            }
            wording.Add(text, count);
        }

        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        double Weight(string term) => weights.TryGetValue(term, out var w) ? w : weights[term] = index.Idf(term);
        var clusters = new List<Cluster>();
        foreach (var wording in wordings.Values.OrderByDescending(w => w.Count).ThenBy(w => w.Key, StringComparer.Ordinal))
        {
            var best = clusters.Select(c => (Cluster: c, Similarity: WeightedJaccard(c.Leader.Terms, wording.Terms, Weight)))
                .Where(x => x.Similarity >= similarity)
                .OrderByDescending(x => x.Similarity)
                .Select(x => x.Cluster)
                .FirstOrDefault();
            if (best is null)
            {
                clusters.Add(new Cluster(wording));
            }
            else
            {
                best.Members.Add(wording);
            }
        }
        return [.. clusters.Select(c => c.ToGroup()).OrderByDescending(g => g.Count).ThenBy(g => g.Label, StringComparer.Ordinal)];
    }

    private static double WeightedJaccard(HashSet<string> a, HashSet<string> b, Func<string, double> weight)
    {
        var shared = a.Where(b.Contains).Sum(weight);
        return shared == 0 ? 0 : shared / (a.Sum(weight) + b.Sum(weight) - shared);
    }

    public static double Jaccard(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        var shared = a.Count(b.Contains);
        return shared == 0 ? 0 : (double)shared / (a.Count + b.Count - shared);
    }

    private sealed class Wording(string key, HashSet<string> terms)
    {
        public string Key { get; } = key;
        public HashSet<string> Terms { get; } = terms;
        public Dictionary<string, int> Texts { get; } = new(StringComparer.OrdinalIgnoreCase);
        public int Count { get; private set; }

        public void Add(string text, int count)
        {
            Texts[text] = Texts.GetValueOrDefault(text) + count;
            Count += count;
        }
    }

    private sealed class Cluster(Wording leader)
    {
        public Wording Leader { get; } = leader;
        public List<Wording> Members { get; } = [leader];

        public QuestionGroup ToGroup()
        {
            var texts = Members.SelectMany(m => m.Texts)
                .GroupBy(t => t.Key, StringComparer.OrdinalIgnoreCase)
                .Select(g => (Text: g.First().Key, Count: g.Sum(t => t.Value)))
                .OrderByDescending(t => t.Count).ThenBy(t => t.Text, StringComparer.Ordinal)
                .ToList();
            return new QuestionGroup(texts[0].Text, Members.Sum(m => m.Count), [.. texts.Take(Examples).Select(t => t.Text)], [.. Leader.Terms.Order(StringComparer.Ordinal)])
            {
                Wordings = [.. texts.Select(t => t.Text)],
            };
        }
    }
}

/// Questions asking the same thing: the most common wording as the label, how many were asked, a few examples and
/// the terms they share.
internal sealed record QuestionGroup(string Label, int Count, IReadOnlyList<string> Examples, IReadOnlyList<string> Terms)
{
    /// Every distinct wording in the group (examples are the first few).
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Wordings { get; init; } = [];
}

/// A question's text and how many times it was asked.
internal readonly record struct AskedText(string Text, int Count);
