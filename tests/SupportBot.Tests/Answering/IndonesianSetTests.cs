using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Answering;
using SupportBot.Evaluation;
using SupportBot.Localization;
using SupportBot.Tests.Hosting;
using Xunit;

namespace SupportBot.Tests.Answering;

/// The Indonesian question set (tests/eval/indonesian.jsonl) over the sample knowledge base, most of whose articles are
/// in English only: the glossary beside it must carry the questions to those articles. The floors sit a little under
/// the figures docs/answer-quality.md reports, so that a change which loses the cross-language path fails here.
public sealed class IndonesianSetTests(SupportBotFactory factory) : IClassFixture<SupportBotFactory>
{
    private static readonly List<EvalQuestion> Questions = [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Answering", "indonesian.jsonl"))
        .Where(line => line.Length > 0)
        .Select(line => JsonSerializer.Deserialize<EvalQuestion>(line)!)];

    [Fact]
    public void The_set_has_sixty_questions_and_more_none_of_them_taken_for_English()
    {
        Assert.True(Questions.Count >= 60);
        Assert.All(Questions, q => Assert.NotEqual(Languages.English, Languages.Detect(q.Question)));
        Assert.True(Questions.Count(q => Languages.Detect(q.Question) == Languages.Indonesian) >= Questions.Count * 0.95);
    }

    [Fact]
    public void Indonesian_questions_are_answered_from_the_right_article_even_in_English_and_escalated_when_they_should()
    {
        _ = factory.Server;
        var answerer = factory.Services.GetRequiredService<Answerer>();
        var results = Questions.Select(q => (Question: q, Result: answerer.Answer(q.Question, []))).ToList();

        var answerable = results.Where(r => r.Question.Expected == "answer").ToList();
        var right = answerable.Count(r => r.Result.Decision == AnswerDecision.Answer
            && r.Result.Citations.Count > 0 && r.Question.GoldArticleIds!.Contains(r.Result.Citations[0].ArticleId));
        var escalated = results.Where(r => r.Result.Decision == AnswerDecision.Escalate).ToList();
        var shouldEscalate = results.Count(r => r.Question.Expected == "escalate");
        var rightlyEscalated = escalated.Count(r => r.Question.Expected == "escalate");

        Assert.True((double)right / answerable.Count >= 0.80, $"answered right: {right} of {answerable.Count}");
        Assert.True((double)rightlyEscalated / shouldEscalate >= 0.8, $"escalated: {rightlyEscalated} of {shouldEscalate}");
        Assert.True((double)rightlyEscalated / escalated.Count >= 0.8, $"escalated rightly: {rightlyEscalated} of {escalated.Count}");
    }

    [Fact]
    public void An_answer_from_an_English_article_says_so_in_Indonesian_after_the_quote()
    {
        _ = factory.Server;
        var result = factory.Services.GetRequiredService<Answerer>().Answer("Lightstrip saya berkedip-kedip, kenapa ya?", []);

        Assert.Equal(AnswerDecision.Answer, result.Decision);
        Assert.Equal("troubleshooting/lightstrip-flickering", result.Citations[0].ArticleId);
        Assert.Equal(Languages.Indonesian, result.Language);
        Assert.StartsWith(result.Citations[0].Passage!, result.Text, StringComparison.Ordinal);
        Assert.EndsWith(BotMessages.For(Languages.Indonesian).ArticleInEnglish, result.Text, StringComparison.Ordinal);
    }
}
