namespace SupportBot.BrowserTests;

/// The sample knowledge base's refund article, as the browser tests ask about it and find it.
internal static class RefundArticle
{
    public const string Question = "How long until my refund shows up on my credit card?";

    /// What the knowledge base's own (extractive) answer to the question says.
    public const string Fact = "5-10 business days";

    public const string Id = "billing/refund-timing";

    public const string Path = "/kb/" + Id;

    public const string Heading = "When will I get my refund?";
}
