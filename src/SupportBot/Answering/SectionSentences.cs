using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using SupportBot.Knowledge;

namespace SupportBot.Answering;

/// Each sentence of a retrieved section, and its article's title, as tf-idf term vectors (see TermVectors), kept for
/// the index's generation because term weights change with it: analysing and weighting every sentence of five
/// sections on every message cost more than the rest of an extractive answer.
internal sealed class SectionSentences(KnowledgeIndex index)
{
    // Sections whose sentence vectors are kept per index generation; past it the cache starts over, so a large
    // knowledge base costs no more memory than this many sections' worth.
    private const int CachedSections = 4096;

    private readonly ConditionalWeakTable<object, ConcurrentDictionary<(string SectionId, string Language), Dictionary<string, double>[]>> _generations = [];

    /// The sentences' vectors, analysed in the section's language, else in the given one.
    public IReadOnlyList<Dictionary<string, double>> Of(KnowledgeSection section, string language)
    {
        var sections = _generations.GetValue(index.Generation, _ => new());
        var key = (section.Id, section.Language ?? language);
        if (sections.TryGetValue(key, out var cached))
        {
            return cached;
        }
        if (sections.Count >= CachedSections)
        {
            sections.Clear();
        }
        return sections.GetOrAdd(key, k => [.. ExtractiveAnswer.Split(section.Text).Append(section.ArticleTitle).Select(sentence => TermVectors.Of(sentence, k.Language, index))]);
    }

    /// How nearly the section says what the question says: the mean cosine of its `nearest` sentences closest to
    /// the question. Help articles often list a topic's typical phrasings or answer one question each; several
    /// close sentences are better evidence than one that happens to share a rare word.
    public double Closeness(IReadOnlyDictionary<string, double> question, KnowledgeSection section, string language, int nearest)
        => Of(section, language).Select(sentence => TermVectors.Cosine(question, sentence))
            .OrderDescending().Take(nearest).DefaultIfEmpty(0).Average();

    /// The cosine of the section's sentence closest to the question.
    public double Nearest(IReadOnlyDictionary<string, double> question, KnowledgeSection section, string language)
        => Closeness(question, section, language, 1);
}
