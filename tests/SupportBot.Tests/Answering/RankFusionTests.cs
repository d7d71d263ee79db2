using SupportBot.Answering;
using SupportBot.Knowledge;

namespace SupportBot.Tests.Answering;

public sealed class RankFusionTests
{
    private static SectionHit Hit(string id, double score = 1) => new(new KnowledgeSection(id, id, id, "top", id, "text", 0), score);

    private static List<SectionHit> Ranking(params string[] ids) => [.. ids.Select((id, i) => Hit(id, 100 - i))];

    private static List<string> Ids(IReadOnlyList<SectionHit> hits) => [.. hits.Select(h => h.Section.Id)];

    [Fact]
    public void A_section_both_rankings_found_beats_one_only_a_single_ranking_put_first()
    {
        var fused = RankFusion.Fuse(Ranking("a", "b", "c"), Ranking("d", "c", "e"), k: 60, top: 10);

        // c: 1/63 + 1/62; a and d: 1/61 each (a first, from the keyword ranking); b: 1/62; e: 1/63.
        Assert.Equal(["c", "a", "d", "b", "e"], Ids(fused));
        Assert.Equal((1.0 / 63) + (1.0 / 62), fused[0].Score, 12);
        Assert.Equal(1.0 / 61, fused[1].Score, 12);
    }

    [Fact]
    public void Only_ranks_count_not_the_scores_each_search_gave()
    {
        List<SectionHit> keyword = [Hit("a", 1000), Hit("b", 0.001)];
        List<SectionHit> semantic = [Hit("b", 0.99), Hit("a", 0.98)];

        var fused = RankFusion.Fuse(keyword, semantic, k: 60, top: 10);

        Assert.Equal(fused[0].Score, fused[1].Score, 12);
        Assert.Equal(["a", "b"], Ids(fused));
    }

    [Fact]
    public void A_small_k_lets_the_top_of_one_ranking_outweigh_agreement_lower_down()
    {
        var keyword = Ranking("a", "x", "w", "c");
        var semantic = Ranking("y", "z", "v", "c");

        // k = 60: c scores 2/64, more than a's 1/61. k = 1: c scores 2/5, less than a's 1/2.
        Assert.Equal("c", RankFusion.Fuse(keyword, semantic, k: 60, top: 10)[0].Section.Id);
        Assert.Equal("a", RankFusion.Fuse(keyword, semantic, k: 1, top: 10)[0].Section.Id);
    }

    [Fact]
    public void An_empty_ranking_leaves_the_other_in_its_order_and_the_union_is_cut_to_the_top()
    {
        Assert.Equal(["a", "b", "c"], Ids(RankFusion.Fuse(Ranking("a", "b", "c"), [], k: 60, top: 10)));
        Assert.Equal(["d", "e"], Ids(RankFusion.Fuse([], Ranking("d", "e", "f"), k: 60, top: 2)));
    }
}
