using Microsoft.Extensions.DependencyInjection;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Knowledge;
using SupportBot.Localization;
using SupportBot.Tests.Conversations;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Localization;

/// The sample knowledge base has Indonesian translations of a few articles; Indonesian questions are stemmed as
/// Indonesian and answered from them, with the bot's own words in Indonesian.
public sealed class IndonesianAnsweringTests : IClassFixture<SupportBotFactory>
{
    private readonly SupportBotFactory _factory;

    public IndonesianAnsweringTests(SupportBotFactory factory)
    {
        _factory = factory;
        _ = factory.Server;
    }

    private T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    [Theory]
    // The articles say "mengatur ulang", "pengembalian dana" and "melacak": the questions use other forms of the
    // same stems, which only Indonesian stemming joins.
    [InlineData("Bagaimana pengaturan ulang kata sandi saya?", "account/reset-password.id")]
    [InlineData("Berapa lama pengembalian dana ke kartu kredit?", "billing/refund-timing.id")]
    [InlineData("Bagaimana pelacakan pesanan tamu?", "orders/track-order.id")]
    public void Indonesian_questions_are_answered_from_the_Indonesian_articles(string question, string article)
    {
        var answer = Get<Answerer>().Answer(question, [], language: "id");

        Assert.Equal(AnswerDecision.Answer, answer.Decision);
        Assert.Equal(article, answer.Citations[0].ArticleId);
        Assert.Equal(Languages.Indonesian, answer.Language);
    }

    [Fact]
    public async Task Ingestion_reads_the_language_from_front_matter_or_from_the_words()
    {
        var sections = await Get<KnowledgeStore>().LoadSectionsAsync(CancellationToken.None);
        Assert.All(sections.Where(s => s.ArticleId.EndsWith(".id", StringComparison.Ordinal)), s => Assert.Equal("id", s.Language));
        Assert.All(sections.Where(s => !s.ArticleId.EndsWith(".id", StringComparison.Ordinal)), s => Assert.Equal("en", s.Language));
        Assert.Equal("id", ArticleReader.Read("cara-membayar.md", "# Cara membayar\n\nAnda dapat membayar dengan kartu kredit atau transfer bank. Pembayaran akan diproses dalam satu hari kerja.").Language);
        Assert.Equal("en", ArticleReader.Read("paying.txt", "Paying\n\nYou can pay with a credit card or a bank transfer. The payment is processed within one business day.").Language);
    }

    [Fact]
    public async Task A_customer_with_an_Indonesian_locale_is_answered_in_Indonesian_end_to_end()
    {
        var sender = new RecordingSender();
        var conversation = Guid.NewGuid().ToString("N");
        string[] messages = ["halo", "Bagaimana cara melacak pesanan saya?", "Apakah kalian menjual sepeda motor listrik?", "saya mau bicara dengan petugas"];
        for (var i = 0; i < messages.Length; i++)
        {
            await Get<TurnDispatcher>().DispatchAsync(CustomerMessages.Message(conversation, $"m{i}", messages[i], customer: "customer-id", locale: "id-ID"), sender, CancellationToken.None);
        }
        await Get<ConversationLanes>().DrainAsync();

        var indonesian = BotMessages.For("id");
        var replies = sender.Sent.Where(a => a.Type == ActivityTypes.Message).Select(a => a.Text!).ToList();
        Assert.Equal(indonesian.Greeting, replies[0]);
        Assert.Contains($"**{indonesian.Source}:**", replies[1], StringComparison.Ordinal);
        Assert.Contains("Melacak pesanan", replies[1], StringComparison.Ordinal);
        Assert.StartsWith(indonesian.NotSure, replies[2], StringComparison.Ordinal);
        Assert.Equal(indonesian.HumanRequested, replies[3]);
        var offer = sender.Sent.Single(a => a.ReplyToId == "m2" && a.Type == ActivityTypes.Message);
        Assert.Equal(indonesian.TalkToPerson, Assert.Single(offer.SuggestedActions!.Actions!).Title);
    }

}
