using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Answering;
using SupportBot.FakeOpenAi;
using SupportBot.Knowledge;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Llm;

/// The host with an embedding model, against the fake OpenAI-compatible server: sections are embedded at ingestion
/// and cached in the store, questions are embedded and searched by meaning beside their keywords, and an embedding
/// endpoint that fails only ever costs the vector side.
public sealed partial class HybridRetrievalTests : IAsyncLifetime, IDisposable
{
    private const string Paraphrase = "When is my item reimbursed?";
    private const string PasswordQuestion = "How do I reset my password?";

    private readonly string _folder = Directory.CreateTempSubdirectory("supportbot-hybrid-kb-").FullName;
    private readonly TestStore _store = new();
    private readonly List<SupportBotFactory> _factories = [];
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync()
    {
        Write("billing/refunds.md", "# Refunds\n\nYour refund reaches your card within five business days after the returned item arrives.\n");
        Write("shipping/returns.md", "# Sending an item back\n\nPack the item in its box, print the item label from your order page and hand the item to the courier.\n");
        Write("account/password.md", "# Reset your password\n\nTap Forgot password on the sign-in screen and follow the link we email you.\n");
        Write("orders/tracking.md", "# Track your order\n\nOpen the order email and follow the tracking link.\n");
        Write("hotels/harbour.md", "---\ntitle: The Harbour View Inn\nsubject: The Harbour View Inn\ncategory: hotel\n---\n# The Harbour View Inn\n\n## Pets\n\nPets are welcome for a small cleaning fee.\n\n## Parking\n\nGuests park free of charge behind the inn.\n");
        Write("hotels/cedar.md", "---\ntitle: Cedar Lodge\nsubject: Cedar Lodge\ncategory: hotel\n---\n# Cedar Lodge\n\n## Pets\n\nDogs cannot stay at Cedar Lodge.\n");
        _server = await FakeOpenAiServer.StartAsync();
        _server.Embedder = ConceptEmbedding;
        // Worded from the refunds section, so the answer guard lets it through when that section is S1.
        _server.Responder = _ => "Your refund reaches your card within five business days [S1].";
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        foreach (var factory in _factories)
        {
            factory.Dispose();
        }
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    // A concept-bag embedding: words meaning the same thing point the same way, however they are spelled, as a real
    // embedding model's vectors do. Texts about none of the concepts share one direction of their own.
    private static readonly Dictionary<string, int> Concepts = new(StringComparer.Ordinal)
    {
        ["refund"] = 0,
        ["refunds"] = 0,
        ["reimbursed"] = 0,
        ["compensation"] = 0,
        ["courier"] = 1,
        ["label"] = 1,
        ["pack"] = 1,
        ["password"] = 2,
        ["sign-in"] = 2,
        ["pets"] = 3,
        ["dogs"] = 3,
        ["dog"] = 3,
        ["animals"] = 3,
        ["park"] = 4,
        ["parking"] = 4,
    };

    private static float[] ConceptEmbedding(string text)
    {
        var vector = new float[8];
        foreach (var word in Word().Matches(text.ToLowerInvariant()).Select(m => m.Value))
        {
            if (Concepts.TryGetValue(word, out var concept))
            {
                vector[concept] += 1;
            }
        }
        if (vector.All(v => v == 0))
        {
            vector[^1] = 1;
        }
        return vector;
    }

    [GeneratedRegex(@"[a-z][a-z\-]*")]
    private static partial Regex Word();

    private void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_folder, path))!);
        File.WriteAllText(Path.Combine(_folder, path), content);
    }

    /// A started host on the test's store, so a second one is a restart.
    private SupportBotFactory Start(bool embeddings = true, params (string Key, string Value)[] settings)
    {
        var factory = new SupportBotFactory { UseFakeClock = false, KnowledgePath = _folder, Store = _store };
        factory.WithModel(_server.Endpoint);
        factory.Settings["Llm:EmbeddingModel"] = embeddings ? "test-embed" : string.Empty;
        factory.Settings["Llm:AttemptTimeoutSeconds"] = "2";
        factory.Settings["Knowledge:EmbeddingBatchSize"] = "3";
        // These tests count chat requests; classification has its own tests.
        factory.Settings["Llm:ClassifyMessages"] = "false";
        foreach (var (key, value) in settings)
        {
            factory.Settings[key] = value;
        }
        _factories.Add(factory);
        _ = factory.Server;
        return factory;
    }

    private void Stop(SupportBotFactory host)
    {
        _factories.Remove(host);
        host.Dispose();
    }

    private static Task<AnswerResult> AskAsync(SupportBotFactory host, string message, params ConversationTurn[] history)
        => host.Services.GetRequiredService<AnswerPipeline>().AnswerAsync(message, history, "en-US", CancellationToken.None);

    private static KnowledgeIndex Index(SupportBotFactory host) => host.Services.GetRequiredService<KnowledgeIndex>();

    private static async Task<IReadOnlyList<KnowledgeSection>> SectionsAsync(SupportBotFactory host)
        => await host.Services.GetRequiredService<KnowledgeStore>().LoadSectionsAsync();

    [Fact]
    public async Task Every_section_is_embedded_at_ingestion_in_batches_and_a_restart_embeds_nothing_again()
    {
        var host = Start();
        var sections = await SectionsAsync(host);

        Assert.Equal(sections.Count, Index(host).VectorCount);
        Assert.Equal(sections.Select(SectionEmbedder.Text).Order(), _server.EmbeddedTexts.Order());
        Assert.Equal((sections.Count + 2) / 3, _server.EmbeddingRequests);
        Assert.Contains("Refunds\nYour refund reaches your card", _server.EmbeddedTexts.First(t => t.StartsWith("Refunds", StringComparison.Ordinal)), StringComparison.Ordinal);

        await host.Services.GetRequiredService<KnowledgeIngestor>().IngestAsync(_folder);
        Stop(host);
        var restarted = Start();

        Assert.Equal(sections.Count, _server.EmbeddedTexts.Count);
        Assert.Equal(sections.Count, Index(restarted).VectorCount);
    }

    [Fact]
    public async Task Re_ingestion_embeds_only_the_sections_whose_text_changed()
    {
        var host = Start();
        var before = _server.EmbeddedTexts.Count;
        Write("hotels/harbour.md", "---\ntitle: The Harbour View Inn\nsubject: The Harbour View Inn\ncategory: hotel\n---\n# The Harbour View Inn\n\n## Pets\n\nPets are welcome; there is no fee any more.\n\n## Parking\n\nGuests park free of charge behind the inn.\n");
        Write("orders/gift-cards.md", "# Gift cards\n\nGift cards never expire.\n");

        await host.Services.GetRequiredService<KnowledgeIngestor>().IngestAsync(_folder);

        var embeddedNow = _server.EmbeddedTexts.Skip(before).ToList();
        Assert.Equal(2, embeddedNow.Count);
        Assert.Contains(embeddedNow, t => t.Contains("no fee any more", StringComparison.Ordinal));
        Assert.Contains(embeddedNow, t => t.StartsWith("Gift cards", StringComparison.Ordinal));
        Assert.Equal((await SectionsAsync(host)).Count, Index(host).VectorCount);
    }

    [Fact]
    public async Task A_paraphrase_is_answered_from_the_section_it_means_through_fusion()
    {
        var host = Start();
        var keywordsOnly = host.Services.GetRequiredService<Answerer>().Answer(Paraphrase, []);

        var answer = await AskAsync(host, Paraphrase);

        // "item" alone matches, and the return instructions repeat it; "reimbursed" means refund.
        Assert.Equal("shipping/returns", keywordsOnly.Citations[0].ArticleId);
        Assert.Equal(AnswerDecision.Answer, answer.Decision);
        Assert.True(answer.IsGenerated);
        Assert.Equal("billing/refunds", Assert.Single(answer.Citations).ArticleId);
        Assert.Equal(Paraphrase, _server.EmbeddedTexts[^1]);
    }

    [Fact]
    public async Task A_section_found_by_meaning_alone_is_not_answered_from_with_confidence()
    {
        var host = Start();

        var answer = await AskAsync(host, "Do I get compensation?");

        // No word of the question is in the refund section, so nothing vouches for it but the vector.
        Assert.Equal(AnswerDecision.Escalate, answer.Decision);
        Assert.Equal(EscalationReasons.OutOfScope, answer.EscalationReason);
        Assert.Equal(0, answer.Confidence);
        Assert.Equal(["billing/refunds"], answer.RetrievedArticleIds);
        Assert.Equal(0, _server.ChatRequests);
    }

    [Fact]
    public async Task Greetings_and_requests_for_a_person_are_not_embedded()
    {
        var host = Start();
        var before = _server.EmbeddingRequests;

        await AskAsync(host, "hello");
        await AskAsync(host, "I want to talk to a person");

        Assert.Equal(before, _server.EmbeddingRequests);
    }

    [Fact]
    public async Task The_question_is_masked_before_it_is_embedded()
    {
        var host = Start();

        await AskAsync(host, "How do I reset my password? I'm jane.doe@example.com");

        Assert.DoesNotContain("jane.doe@example.com", _server.EmbeddedTexts[^1], StringComparison.Ordinal);
        Assert.Contains(PersonalData.EmailMask, _server.EmbeddedTexts[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_embeddings_fail_at_ingestion_the_host_starts_on_keywords_and_the_next_ingestion_fills_the_vectors_in()
    {
        _server.EmbeddingsDownWith = 500;
        var host = Start();

        Assert.Equal(0, Index(host).VectorCount);
        Assert.Equal(3, _server.EmbeddingRequests); // the first batch, tried three times; the rest wait
        var answer = await AskAsync(host, PasswordQuestion);
        Assert.Equal(AnswerDecision.Answer, answer.Decision);
        Assert.Equal("account/password", answer.Citations[0].ArticleId);

        _server.EmbeddingsDownWith = null;
        await host.Services.GetRequiredService<KnowledgeIngestor>().IngestAsync(_folder);

        Assert.Equal((await SectionsAsync(host)).Count, Index(host).VectorCount);
    }

    [Fact]
    public async Task Batches_embedded_before_a_failure_are_kept_and_a_restart_embeds_only_the_rest()
    {
        // The first batch goes through; the second fails on every attempt.
        _server.FailNext(new FakeOpenAiServer.Fault(200), new FakeOpenAiServer.Fault(500), new FakeOpenAiServer.Fault(500), new FakeOpenAiServer.Fault(500));
        var host = Start();
        var sections = await SectionsAsync(host);
        Assert.Equal(3, Index(host).VectorCount);
        var before = _server.EmbeddedTexts.Count;
        Stop(host);

        var restarted = Start(settings: ("Knowledge:IngestOnStart", "false"));

        Assert.Equal(sections.Count, Index(restarted).VectorCount);
        Assert.Equal(sections.Count - 3, _server.EmbeddedTexts.Count - before);
    }

    [Fact]
    public async Task When_embedding_the_question_fails_the_keyword_answer_is_given()
    {
        var host = Start();
        _server.EmbeddingsDownWith = 500;
        var before = _server.EmbeddingRequests;

        var answer = await AskAsync(host, PasswordQuestion);

        Assert.Equal(3, _server.EmbeddingRequests - before);
        Assert.Equal(AnswerDecision.Answer, answer.Decision);
        Assert.Equal("account/password", answer.Citations[0].ArticleId);
    }

    [Fact]
    public async Task A_slow_question_embedding_is_given_up_on_and_the_keyword_answer_is_given()
    {
        // Attempts may take a minute, so only the question's own time limit can end this one.
        var host = Start(settings: [("Llm:AttemptTimeoutSeconds", "60"), ("Llm:TotalTimeoutSeconds", "120"), ("Answering:QuestionEmbeddingTimeoutSeconds", "0.5")]);
        var before = _server.EmbeddingRequests;
        _server.FailNext(new FakeOpenAiServer.Fault(200, Delay: TimeSpan.FromMinutes(5)));

        var answer = await AskAsync(host, PasswordQuestion);

        Assert.Equal(1, _server.EmbeddingRequests - before);
        Assert.Equal(AnswerDecision.Answer, answer.Decision);
        Assert.Equal("account/password", answer.Citations[0].ArticleId);
    }

    [Fact]
    public async Task Without_an_embedding_model_nothing_is_embedded_and_retrieval_is_keywords_only()
    {
        var host = Start(embeddings: false);

        var answer = await AskAsync(host, Paraphrase);

        Assert.Equal(0, _server.EmbeddingRequests);
        Assert.Equal(0, Index(host).VectorCount);
        Assert.Equal("shipping/returns", answer.Citations[0].ArticleId);
    }
}
