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
internal sealed class HandoffTopicMatcher(HandoffTopics topics, KnowledgeIndex index, SectionSentences sentences)
{
    // The examples' vectors, for the index's generation (term weights change with it).
    private readonly ConditionalWeakTable<object, ConcurrentDictionary<string, Dictionary<string, double>>> _examples = [];

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
        var examples = _examples.GetValue(index.Generation, _ => new(StringComparer.Ordinal));
        // An example is analysed in its own language when it shows one; the message's otherwise.
        var (topic, similarity) = topics.Topics
            .Select(t => (Topic: t, Similarity: t.Examples.Max(e => TermVectors.Cosine(question,
                examples.GetOrAdd(e, text => TermVectors.Of(text, Languages.Detect(text) ?? language, index))))))
            .MaxBy(t => t.Similarity);
        var closestArticle = retrieved.Select(s => sentences.Nearest(question, s, language)).DefaultIfEmpty(0).Max();
        return new TopicMatch(topic, similarity, closestArticle);
    }
}

/// A message's nearest handoff topic. It is closer to the topic than to the help articles when an example is more
/// like the message than any sentence the search found.
internal sealed record TopicMatch(HandoffTopic Topic, double Similarity, double ArticleSimilarity)
{
    public bool CloserThanArticles => Similarity > ArticleSimilarity;
}
