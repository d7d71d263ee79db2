using SupportBot.Knowledge;

namespace SupportBot.Tests.Knowledge;

public sealed class SubjectCatalogTests
{
    private static readonly SubjectCatalog Catalog = SubjectCatalog.Build(SubjectKnowledge.Sections());

    [Theory]
    [InlineData("Is the Harbour View Inn near the sea?", "The Harbour View Inn")]
    [InlineData("what about HARBOUR VIEW INN", "The Harbour View Inn")]
    [InlineData("I booked the Cedar Lodge guesthouse", "Cedar Lodge Guest House")] // written as one word
    [InlineData("we ate at rosas kitchen and bar", "Rosa's Kitchen & Bar")] // no apostrophe, "and" for "&"
    [InlineData("We loved Rosa's Kitchen & Bar", "Rosa's Kitchen & Bar")]
    [InlineData("Does the Harbour View have parking?", "The Harbour View Inn")] // a distinctive leading part
    [InlineData("Is Blue Lantern open late?", "Blue Lantern Noodle Bar")]
    public void Names_are_found_however_customers_write_them(string text, string subject)
        => Assert.Equal([subject], Catalog.Find(text));

    [Fact]
    public void Names_are_returned_in_the_order_they_appear()
        => Assert.Equal(["Blue Lantern Noodle Bar", "Cedar Lodge Guest House"], Catalog.Find("Blue Lantern Noodle Bar or Cedar Lodge Guest House?"));

    [Theory]
    [InlineData("Is it in the city centre?")] // "City" is not a subject's leading word, and the phrase is common
    [InlineData("is there a blue door?")] // one word of a name is not the name
    [InlineData("Do you have a harbour?")]
    public void Ordinary_words_are_not_taken_for_names(string text) => Assert.Empty(Catalog.Find(text));

    [Fact]
    public void A_category_named_in_a_question_is_recognised()
    {
        Assert.Equal(["hotel"], Catalog.CategoriesNamedIn("Is the hotel quiet?"));
        Assert.Empty(Catalog.CategoriesNamedIn("Is it quiet?"));
        Assert.Equal("restaurant", Catalog.CategoryOf("Blue Lantern Noodle Bar"));
    }

    [Fact]
    public void A_knowledge_base_without_subjects_has_an_empty_catalog()
    {
        var catalog = SubjectCatalog.Build([new KnowledgeSection("a#top", "a", "A", "top", "A", "text", 0)]);

        Assert.True(catalog.IsEmpty);
        Assert.Empty(catalog.Find("anything at all"));
    }
}
