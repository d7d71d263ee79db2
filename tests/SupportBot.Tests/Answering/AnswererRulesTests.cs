using SupportBot.Answering;

namespace SupportBot.Tests.Answering;

public sealed class AnswererRulesTests
{
    [Theory]
    [InlineData("hi", BotMessages.Greeting)]
    [InlineData("Hello there!", BotMessages.Greeting)]
    [InlineData("thanks so much", BotMessages.Thanks)]
    [InlineData("ok, thank you!", BotMessages.Thanks)]
    [InlineData("bye", BotMessages.Goodbye)]
    [InlineData("are you a bot?", BotMessages.Identity)]
    public void Small_talk_gets_a_fitting_reply(string message, string reply) => Assert.Equal(reply, SmallTalk.Reply(message));

    [Theory]
    [InlineData("hi, how do I reset my password?")]
    [InlineData("thanks but my hub is still offline")]
    public void A_question_that_starts_with_small_talk_is_still_a_question(string message) => Assert.Null(SmallTalk.Reply(message));

    [Theory]
    [InlineData("I want to talk to a human")]
    [InlineData("can I speak with a real person please")]
    [InlineData("Talk to a person")]
    [InlineData("agent")]
    public void Asking_for_a_person_is_recognised(string message) => Assert.True(SmallTalk.AsksForHuman(message));

    [Theory]
    [InlineData("Please cancel my order LM-4821937", true)]
    [InlineData("Refund my order now", true)]
    [InlineData("cancel my subscription", true)]
    [InlineData("Book a table for two at 7pm", true)]
    [InlineData("What's my reference number?", true)]
    [InlineData("How do I cancel my order?", false)]
    [InlineData("Can I change my order after paying?", false)]
    public void Requests_to_act_on_an_account_are_told_apart_from_questions(string message, bool expected)
        => Assert.Equal(expected, AccountActions.IsRequested(message));
}
