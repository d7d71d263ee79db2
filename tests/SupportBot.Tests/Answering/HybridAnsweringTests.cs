using Microsoft.Extensions.Options;
using SupportBot.Answering;
using SupportBot.Knowledge;
using SupportBot.Tests.Knowledge;

namespace SupportBot.Tests.Answering;

/// Hybrid retrieval inside a conversation about a subject: the sections nearest the question in meaning are fused
/// with the keyword hits only from that subject's own sections.
public sealed class HybridAnsweringTests : IDisposable
{
    // The question points where the other places' pet rules do; the Harbour View Inn's sections lie further off.
    private static readonly float[] Question = [1, 0];

    private readonly KnowledgeIndex _index = new();
    private readonly Answerer _answerer;

    public HybridAnsweringTests()
    {
        var sections = SubjectKnowledge.Sections();
        var vectors = sections.ToDictionary(s => s.Id, _ => new float[] { 0, 1 });
        vectors["cedar-pets#top"] = [1, 0];
        vectors["lantern-pets#top"] = [1, 0.1f];
        vectors["harbour-pets#top"] = [0.5f, 1];
        vectors["harbour-parking#top"] = [0.1f, 1];
        _index.Rebuild(sections, vectors);
        var options = Options.Create(new AnsweringOptions());
        _answerer = new Answerer(_index, new QueryBuilder(_index, options), new SectionSentences(_index), options);
    }

    public void Dispose() => _index.Dispose();

    private static readonly ConversationTurn[] AtTheHarbour = [new(Speaker.Support, "The Harbour View Inn has rooms with sea views.")];

    [Fact]
    public void Within_a_subject_the_vector_side_adds_only_that_subjects_sections()
    {
        var keywordsOnly = _answerer.Answer("Are animals welcome?", AtTheHarbour);
        var hybrid = _answerer.Answer("Are animals welcome?", AtTheHarbour, questionVector: Question);

        Assert.Equal(["harbour-pets"], keywordsOnly.RetrievedArticleIds);
        // Nearest overall are Cedar Lodge's and Blue Lantern's pet rules; the conversation is about the inn.
        Assert.Equal(["harbour-pets", "harbour-parking"], hybrid.RetrievedArticleIds);
        Assert.Equal(AnswerDecision.Answer, hybrid.Decision);
        Assert.Equal("harbour-pets", hybrid.Citations[0].ArticleId);
        Assert.All(hybrid.Grounding, s => Assert.Equal("The Harbour View Inn", s.Subject));
    }

    [Fact]
    public void Without_subjects_the_whole_knowledge_base_is_searched_by_meaning()
    {
        var hybrid = _answerer.Answer("Are animals welcome?", [], questionVector: Question);

        Assert.Contains("cedar-pets", hybrid.RetrievedArticleIds);
        Assert.Contains("lantern-pets", hybrid.RetrievedArticleIds);
    }

    [Fact]
    public void An_index_without_vectors_answers_exactly_as_keyword_search_does()
    {
        _index.Rebuild(SubjectKnowledge.Sections());

        var withVector = _answerer.Answer("Do they allow dogs?", AtTheHarbour, questionVector: Question);
        var without = _answerer.Answer("Do they allow dogs?", AtTheHarbour);

        Assert.Equal(without.Text, withVector.Text);
        Assert.Equal(without.Confidence, withVector.Confidence);
        Assert.Equal(without.RetrievedArticleIds, withVector.RetrievedArticleIds);
        Assert.Equal(without.Grounding, withVector.Grounding);
    }
}
