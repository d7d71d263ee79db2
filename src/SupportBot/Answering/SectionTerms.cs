using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using SupportBot.Knowledge;

namespace SupportBot.Answering;

/// Each retrieved section's analysed terms (title, heading and text, in the section's language), kept for the index's
/// generation as SectionSentences keeps sentence vectors: coverage asks for the same few sections message after
/// message, and analysing their whole text again each time was the larger part of computing it.
internal sealed class SectionTerms(KnowledgeIndex index)
{
    // Past this many sections the cache starts over, so a large knowledge base costs no more memory than this.
    private const int CachedSections = 4096;

    private readonly ConditionalWeakTable<object, ConcurrentDictionary<string, HashSet<string>>> _generations = [];

    public IReadOnlySet<string> Of(KnowledgeSection section)
    {
        var sections = _generations.GetValue(index.Generation, _ => new(StringComparer.Ordinal));
        if (sections.TryGetValue(section.Id, out var cached))
        {
            return cached;
        }
        if (sections.Count >= CachedSections)
        {
            sections.Clear();
        }
        return sections.GetOrAdd(section.Id, _ => Analyze(section, index));
    }

    private static HashSet<string> Analyze(KnowledgeSection section, KnowledgeIndex index)
        => index.Analyze($"{section.ArticleTitle}\n{section.Heading}\n{section.Text}", section.Language).ToHashSet(StringComparer.Ordinal);
}
