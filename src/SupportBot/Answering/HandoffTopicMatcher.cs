using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using SupportBot.Knowledge;
using SupportBot.Localization;

namespace SupportBot.Answering;

/// Recognises a message as one of the operator's handoff topics by meaning rather than exact words: stemmed terms
/// weighted by how rare they are in the knowledge base (tf-idf cosine), so "my transfer never showed up" meets the
/// example "the money I sent hasn't arrived" through "transfer"/"sent" no better than through the rest. A topic
/// wins only when one of its examples is closer to the message than any sentence of the articles retrieved for it:
/// an operator's topic about failed transfers must not swallow the help article on transfer times.
internal sealed class HandoffTopicMatcher(HandoffTopics topics, KnowledgeIndex index)
{
    // Sections whose sentence vectors are kept per index generation; past it the cache starts over, so a large
    // knowledge base costs no more memory than this many sections' worth.
    private const int CachedSections = 4096;

    // The examples' and the retrieved sections' vectors, for the index's generation (term weights change with it):
    // analysing and weighting every sentence of five sections on every message cost more than the rest of an
    // extractive answer.
    private readonly ConditionalWeakTable<object, GenerationVectors> _vectors = [];

    public bool HasTopics => topics.Topics.Count > 0;

    /// The topic nearest the message, how near, and how near the closest sentence of the retrieved articles is;
    /// null without topics or without a term to compare.
    public TopicMatch? Nearest(string message, string language, IReadOnlyList<KnowledgeSection> retrieved)
    {
        if (!HasTopics)
        {
            return null;
        }
        var question = TermVectors.Of(message, language, index);
        if (question.Count == 0)
        {
            return null;
        }
        var vectors = _vectors.GetValue(index.Generation, _ => new GenerationVectors());
        var (topic, similarity) = topics.Topics
            .Select(t => (Topic: t, Similarity: t.Examples.Max(e => TermVectors.Cosine(question, vectors.Example(e, language, index)))))
            .MaxBy(t => t.Similarity);
        var closestArticle = retrieved
            .Select(s => vectors.Sentences(s, language, index).Max(sentence => TermVectors.Cosine(question, sentence)))
            .DefaultIfEmpty(0).Max();
        return new TopicMatch(topic, similarity, closestArticle);
    }

    private sealed class GenerationVectors
    {
        private readonly ConcurrentDictionary<string, Dictionary<string, double>> _examples = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<(string SectionId, string Language), Dictionary<string, double>[]> _sections = new();

        // An example is analysed in its own language when it shows one; the message's otherwise.
        public Dictionary<string, double> Example(string example, string language, KnowledgeIndex index)
            => _examples.GetOrAdd(example, text => TermVectors.Of(text, Languages.Detect(text) ?? language, index));

        /// Each sentence of the section, and its article's title.
        public Dictionary<string, double>[] Sentences(KnowledgeSection section, string language, KnowledgeIndex index)
        {
            var key = (section.Id, section.Language ?? language);
            if (_sections.TryGetValue(key, out var cached))
            {
                return cached;
            }
            if (_sections.Count >= CachedSections)
            {
                _sections.Clear();
            }
            return _sections.GetOrAdd(key, k => [.. ExtractiveAnswer.Split(section.Text).Append(section.ArticleTitle).Select(sentence => TermVectors.Of(sentence, k.Language, index))]);
        }
    }
}

/// A message's nearest handoff topic. It is closer to the topic than to the help articles when an example is more
/// like the message than any sentence the search found.
internal sealed record TopicMatch(HandoffTopic Topic, double Similarity, double ArticleSimilarity)
{
    public bool CloserThanArticles => Similarity > ArticleSimilarity;
}
