using Microsoft.Extensions.DependencyInjection;
using SupportBot.Knowledge;
using SupportBot.Tests.Hosting;
using Xunit.Abstractions;

namespace SupportBot.Tests.Knowledge;

public sealed class SampleKnowledgeRetrievalTests(SupportBotFactory factory, ITestOutputHelper output) : IClassFixture<SupportBotFactory>
{
    [Theory]
    [InlineData("How do I reset my password?", "account/reset-password")]
    [InlineData("How long until a refund shows up on my card?", "billing/refund-timing")]
    [InlineData("What does a solid orange light on the hub mean?", "troubleshooting/hub-offline")]
    public void Sample_questions_retrieve_their_article_first(string question, string article)
    {
        _ = factory.Server;
        var index = factory.Services.GetRequiredService<KnowledgeIndex>();
        var hits = index.Search(index.Analyze(question).Distinct().ToDictionary(t => t, _ => 1.0), 5);
        foreach (var hit in hits)
        {
            output.WriteLine($"{hit.Score:F3} {hit.Section.Id}");
        }
        Assert.Equal(article, hits[0].Section.ArticleId);
    }
}
