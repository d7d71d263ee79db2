using SupportBot.Knowledge;

namespace SupportBot.Answering;

/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): each ranking gives a section 1 / (k + rank), and
/// the sums rank the union. Only ranks count, so BM25 scores and cosine similarities, which live on unrelated
/// scales, never have to be calibrated against each other; a larger k flattens the pull of the very top ranks.
internal static class RankFusion
{
    /// The union of both rankings, best first, scored by reciprocal rank. A section one ranking alone found keeps
    /// its place among the others; between equal scores the keyword ranking goes first.
    public static IReadOnlyList<SectionHit> Fuse(IReadOnlyList<SectionHit> keyword, IReadOnlyList<SectionHit> semantic, int k, int top)
    {
        var fused = new Dictionary<string, (KnowledgeSection Section, double Score, int Order)>(StringComparer.Ordinal);
        foreach (var ranking in new[] { keyword, semantic })
        {
            for (var rank = 1; rank <= ranking.Count; rank++)
            {
                var section = ranking[rank - 1].Section;
                var score = 1.0 / (k + rank);
                fused[section.Id] = fused.TryGetValue(section.Id, out var seen)
                    ? seen with { Score = seen.Score + score }
                    : (section, score, fused.Count);
            }
        }
        return [.. fused.Values
            .OrderByDescending(f => f.Score)
            .ThenBy(f => f.Order)
            .Take(top)
            .Select(f => new SectionHit(f.Section, f.Score))];
    }
}
