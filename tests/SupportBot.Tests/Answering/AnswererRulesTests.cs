using System.Globalization;
using SupportBot.Answering;
using SupportBot.Localization;

namespace SupportBot.Tests.Answering;

public sealed class AnswererRulesTests
{
    [Theory]
    [InlineData("hi", "en", nameof(BotMessages.Greeting))]
    [InlineData("Hello there!", "en", nameof(BotMessages.Greeting))]
    [InlineData("thanks so much", "en", nameof(BotMessages.Thanks))]
    [InlineData("ok, thank you!", "en", nameof(BotMessages.Thanks))]
    [InlineData("bye", "en", nameof(BotMessages.Goodbye))]
    [InlineData("are you a bot?", "en", nameof(BotMessages.Identity))]
    [InlineData("Halo kak!", "id", nameof(BotMessages.Greeting))]
    [InlineData("selamat pagi", "id", nameof(BotMessages.Greeting))]
    [InlineData("oke, terima kasih banyak", "id", nameof(BotMessages.Thanks))]
    [InlineData("makasih ya", "id", nameof(BotMessages.Thanks))]
    [InlineData("sampai jumpa", "id", nameof(BotMessages.Goodbye))]
    [InlineData("apakah kamu bot?", "id", nameof(BotMessages.Identity))]
    [InlineData("apa kabar?", "id", nameof(BotMessages.HowAreYou))]
    public void Small_talk_gets_a_fitting_reply_in_the_customers_language(string message, string language, string reply)
    {
        var expected = BotMessages.ResourceManager.GetString(reply, CultureInfo.GetCultureInfo(language));
        Assert.Equal(expected, SmallTalk.Reply(message, BotMessages.For(language)));
    }

    [Theory]
    [InlineData("hi, how do I reset my password?")]
    [InlineData("thanks but my hub is still offline")]
    [InlineData("halo, bagaimana cara mengatur ulang kata sandi?")]
    public void A_question_that_starts_with_small_talk_is_still_a_question(string message) => Assert.Null(SmallTalk.Reply(message, BotMessages.English));

    [Theory]
    [InlineData("I want to talk to a human")]
    [InlineData("can I speak with a real person please")]
    [InlineData("Talk to a person")]
    [InlineData("agent")]
    [InlineData("saya mau bicara dengan petugas")]
    [InlineData("tolong hubungkan saya ke customer service")]
    [InlineData("Bicara dengan petugas")]
    public void Asking_for_a_person_is_recognised(string message) => Assert.True(SmallTalk.AsksForHuman(message));

    [Theory]
    [InlineData("Please cancel my order LM-4821937", true)]
    [InlineData("Refund my order now", true)]
    [InlineData("cancel my subscription", true)]
    [InlineData("Book a table for two at 7pm", true)]
    [InlineData("What's my reference number?", true)]
    [InlineData("tolong batalkan pesanan saya", true)]
    [InlineData("saya minta refund", true)]
    [InlineData("How do I cancel my order?", false)]
    [InlineData("Can I change my order after paying?", false)]
    [InlineData("bagaimana cara membatalkan pesanan?", false)]
    public void Requests_to_act_on_an_account_are_told_apart_from_questions(string message, bool expected)
        => Assert.Equal(expected, AccountActions.IsRequested(message));
}
