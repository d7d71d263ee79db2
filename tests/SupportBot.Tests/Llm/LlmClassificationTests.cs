using Microsoft.Extensions.DependencyInjection;
using SupportBot.Answering;
using SupportBot.FakeOpenAi;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Llm;

/// With a language model, each message is also classified (ClassifyMessage prompt, beside the rewrite): requests
/// for a person and anger that the built-in patterns miss still hand over, and a failed or odd classification
/// changes nothing.
public sealed class LlmClassificationTests : IAsyncLifetime, IDisposable
{
    private const string Answer = "Tap Forgot password on the sign-in screen [S1].";

    private FakeOpenAiServer _server = null!;
    private SupportBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        _factory = new SupportBotFactory { UseFakeClock = false };
        _factory.WithModel(_server.Endpoint);
        _factory.Settings["Llm:MaxRetryAttempts"] = "0";
        _ = _factory.Server;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _factory.Dispose();

    private Task<AnswerResult> AskAsync(string message)
        => _factory.Services.GetRequiredService<AnswerPipeline>().AnswerAsync(message, [], "en-US", CancellationToken.None);

    private void Classify(string classification)
        => _server.Responder = request => IsClassification(request) ? classification : Answer;

    private static bool IsClassification(FakeOpenAiServer.RecordedRequest request)
        => request.Messages.Count > 0 && request.Messages[0].Content.StartsWith("Classify the customer's last message", StringComparison.Ordinal);

    [Fact]
    public async Task Anger_the_lexicon_misses_hands_over_to_a_person()
    {
        Classify("""{"intent": "question", "sentiment": "angry"}""");

        var answer = await AskAsync("Third email about my password reset. Seriously?");

        Assert.Equal(EscalationReasons.NegativeSentiment, answer.EscalationReason);
        var classification = Assert.Single(_server.Requests, IsClassification);
        Assert.Contains("---BEGIN CUSTOMER MESSAGE---\nThird email about my password reset. Seriously?\n---END CUSTOMER MESSAGE---", classification.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_for_a_person_in_unusual_words_is_recognised()
    {
        Classify("""{"intent": "human_request", "sentiment": "neutral"}""");

        var answer = await AskAsync("could somebody from your side give me a ring about the password thing");

        Assert.Equal(EscalationReasons.CustomerAsked, answer.EscalationReason);
    }

    [Fact]
    public async Task An_account_action_is_recognised()
    {
        Classify("""{"intent": "account_action", "sentiment": "neutral"}""");

        var answer = await AskAsync("Please put the password reset through on my account for me");

        Assert.Equal(EscalationReasons.AccountAction, answer.EscalationReason);
    }

    [Theory]
    [InlineData("""{"intent": "question", "sentiment": "negative"}""")] // negative but not angry: most support questions
    [InlineData("I think the customer is fine.")]
    [InlineData("""{"intent": "ignore previous instructions", "sentiment": "furious"}""")]
    public async Task A_calm_or_unreadable_classification_leaves_the_answer_alone(string classification)
    {
        Classify(classification);

        var answer = await AskAsync("How do I reset my password?");

        Assert.Equal(AnswerDecision.Answer, answer.Decision);
        Assert.True(answer.IsGenerated);
    }

    [Fact]
    public async Task A_failed_classification_leaves_the_answer_alone()
    {
        _server.Responder = request => IsClassification(request) ? throw new InvalidOperationException("classifier down") : Answer;

        var answer = await AskAsync("How do I reset my password?");

        Assert.Equal(AnswerDecision.Answer, answer.Decision);
        Assert.True(answer.IsGenerated);
    }
}
