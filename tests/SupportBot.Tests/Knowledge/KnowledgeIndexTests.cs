using SupportBot.Knowledge;

namespace SupportBot.Tests.Knowledge;

public sealed class KnowledgeIndexTests
{
    private static KnowledgeSection Section(string article, string title, string text, int position = 0)
        => new(KnowledgeSection.MakeId(article, Slug.FromHeading(title)), article, title, Slug.FromHeading(title), title, text, position);

    private static KnowledgeIndex Build(params KnowledgeSection[] sections)
    {
        var index = new KnowledgeIndex();
        index.Rebuild(sections);
        return index;
    }

    private static Dictionary<string, double> Query(KnowledgeIndex index, string text)
        => index.Analyze(text).Distinct().ToDictionary(t => t, _ => 1.0);

    [Fact]
    public void Finds_the_section_whose_words_match_the_question()
    {
        using var index = Build(
            Section("billing/refunds", "When will I get my refund?", "How long it takes to show up depends on your bank."),
            Section("account/password", "Reset your password", "To reset your password, tap Forgot password in the app."),
            Section("orders/track", "Track your order", "Open the order email and follow the tracking link."));
        var hits = index.Search(Query(index, "How do I reset my password?"), 3);
        Assert.Equal("account/password", hits[0].Section.ArticleId);
    }

    [Fact]
    public void Analysis_stems_and_drops_stop_words()
    {
        using var index = Build();
        Assert.Equal(["reset", "password"], index.Analyze("How do I reset my passwords?"));
    }

    [Fact]
    public void Rare_terms_weigh_more_than_common_ones()
    {
        using var index = Build(
            Section("a", "Lumora", "lumora hub"),
            Section("b", "Lumora", "lumora bulb"),
            Section("c", "Lumora", "lumora strip"));
        Assert.True(index.Idf("hub") > index.Idf("lumora"));
    }
}
