using Microsoft.Extensions.Options;
using SupportBot.Answering;
using SupportBot.Knowledge;
using SupportBot.Tests.Knowledge;

namespace SupportBot.Tests.Answering;

/// In a knowledge base organised by subject, "they" and "it" mean the subject the conversation named last.
public sealed class SubjectAnsweringTests : IDisposable
{
    private readonly KnowledgeIndex _index = new();
    private readonly Answerer _answerer;

    public SubjectAnsweringTests()
    {
        _index.Rebuild(SubjectKnowledge.Sections());
        var options = Options.Create(new AnsweringOptions());
        _answerer = new Answerer(_index, new QueryBuilder(_index, options), new SectionSentences(_index), options);
    }

    public void Dispose() => _index.Dispose();

    private static ConversationTurn Customer(string text) => new(Speaker.Customer, text);

    private static ConversationTurn Support(string text) => new(Speaker.Support, text);

    [Fact]
    public void A_follow_up_is_answered_from_the_subject_the_conversation_named()
    {
        var answer = _answerer.Answer("Do they allow dogs?", [Customer("I need a place to stay by the sea"), Support("The Harbour View Inn has rooms with sea views.")]);

        Assert.Equal(AnswerDecision.Answer, answer.Decision);
        Assert.Equal("harbour-pets", answer.Citations[0].ArticleId);
    }

    [Fact]
    public void The_most_recently_named_subject_wins()
    {
        var answer = _answerer.Answer("Are pets allowed there?", [Support("The Harbour View Inn is by the sea."), Customer("What about Cedar Lodge Guest House?")]);

        Assert.Equal("cedar-pets", answer.Citations[0].ArticleId);
    }

    [Fact]
    public void A_question_naming_a_category_means_the_last_subject_of_that_category()
    {
        var answer = _answerer.Answer("Does the hotel let me bring my dog?", [Support("The Harbour View Inn suits you."), Support("For dinner, try Blue Lantern Noodle Bar.")]);

        Assert.Equal("harbour-pets", answer.Citations[0].ArticleId);
    }

    [Fact]
    public void A_subject_named_in_the_question_beats_the_conversation()
    {
        var answer = _answerer.Answer("Does Blue Lantern have outdoor seating?", [Support("The Harbour View Inn has parking.")]);

        Assert.Equal("lantern-seating", answer.Citations[0].ArticleId);
    }

    [Fact]
    public void A_request_about_no_named_subject_is_not_answered_from_some_other_subject()
    {
        var answer = _answerer.Answer("Find me somewhere with outdoor seating and free parking", []);

        Assert.Equal(AnswerDecision.Escalate, answer.Decision);
        Assert.Equal(EscalationReasons.OutOfScope, answer.EscalationReason);
    }
}
