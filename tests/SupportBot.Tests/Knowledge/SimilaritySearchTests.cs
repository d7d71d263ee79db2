using SupportBot.Knowledge;

namespace SupportBot.Tests.Knowledge;

/// The vector side of hybrid retrieval: sections ranked by cosine similarity to the question's vector, within the
/// subjects the conversation is about.
public sealed class SimilaritySearchTests : IDisposable
{
    private readonly KnowledgeIndex _index = new();
    private readonly IReadOnlyList<KnowledgeSection> _sections = SubjectKnowledge.Sections();

    public void Dispose() => _index.Dispose();

    private static string Id(string article) => $"{article}#top";

    private List<string> Nearest(float[] vector, int top = 10, params string[] subjects)
        => [.. _index.SearchSimilar(vector, top, subjects.Length > 0 ? subjects : null).Select(h => h.Section.ArticleId)];

    [Fact]
    public void Sections_rank_by_cosine_whatever_the_length_of_their_vectors()
    {
        _index.Rebuild(_sections, new Dictionary<string, float[]>
        {
            [Id("harbour-pets")] = [10, 0, 0],
            [Id("cedar-pets")] = [0.6f, 0.8f, 0],
            [Id("lantern-pets")] = [0, 3, 0],
            [Id("rosas-parking")] = [0, 0, 1],
        });

        var hits = _index.SearchSimilar([2, 0, 0], 10);

        // rosas-parking is orthogonal to the question: not near at all; the rest have no vector.
        Assert.Equal(["harbour-pets", "cedar-pets"], hits.Select(h => h.Section.ArticleId));
        Assert.Equal(1.0, hits[0].Score, 5);
        Assert.Equal(0.6, hits[1].Score, 5);
        Assert.Equal(4, _index.VectorCount);
    }

    [Fact]
    public void Only_the_top_asked_for_come_back_and_equal_vectors_keep_knowledge_base_order()
    {
        _index.Rebuild(_sections, _sections.ToDictionary(s => s.Id, _ => new float[] { 1, 1 }));

        Assert.Equal(["harbour-pets", "harbour-parking", "harbour-review"], Nearest([1, 1], top: 3));
    }

    [Fact]
    public void With_subjects_only_their_sections_are_searched()
    {
        _index.Rebuild(_sections, new Dictionary<string, float[]>
        {
            [Id("harbour-pets")] = [0.5f, 1],
            [Id("cedar-pets")] = [1, 0],
            [Id("lantern-pets")] = [1, 0.1f],
            [Id("cedar-breakfast")] = [0.2f, 1],
        });

        Assert.Equal(["cedar-pets", "lantern-pets", "harbour-pets", "cedar-breakfast"], Nearest([1, 0]));
        Assert.Equal(["harbour-pets"], Nearest([1, 0], 10, "The Harbour View Inn"));
        Assert.Equal(["cedar-pets", "harbour-pets", "cedar-breakfast"], Nearest([1, 0], 10, "The Harbour View Inn", "Cedar Lodge Guest House"));
    }

    [Fact]
    public void Vectors_that_cannot_be_compared_are_left_out_and_a_rebuild_without_vectors_drops_them()
    {
        _index.Rebuild(_sections, new Dictionary<string, float[]>
        {
            [Id("harbour-pets")] = [1, 0],
            [Id("cedar-pets")] = [1, 0, 0], // another length than the first vector
            [Id("lantern-pets")] = [0, 0], // no direction
            ["not-a-section#top"] = [1, 0],
        });

        Assert.Equal(1, _index.VectorCount);
        Assert.Equal(["harbour-pets"], Nearest([1, 0]));
        Assert.Empty(Nearest([1, 0, 0]));

        _index.Rebuild(_sections);

        Assert.Equal(0, _index.VectorCount);
        Assert.Empty(Nearest([1, 0]));
    }
}
