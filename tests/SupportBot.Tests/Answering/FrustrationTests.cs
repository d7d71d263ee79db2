using SupportBot.Answering;

namespace SupportBot.Tests.Answering;

public sealed class FrustrationTests
{
    private const int Threshold = 2;

    [Theory]
    [InlineData("This is useless, I've asked three times already")]
    [InlineData("I'm fed up with this. Nothing works!!")]
    [InlineData("your support is a waste of time")]
    [InlineData("I'm so angry, my order still hasn't arrived")]
    [InlineData("WHY IS MY HUB STILL OFFLINE AFTER THE UPDATE")]
    [InlineData("Saya sangat kecewa, pesanan saya belum datang")]
    [InlineData("Ini tidak membantu sama sekali, buang waktu saja")]
    [InlineData("kesal banget, masih belum bisa login!!")]
    public void An_upset_customer_is_recognised(string message)
        => Assert.True(Frustration.IsUpset(message, Threshold), $"score {Frustration.Score(message)}");

    [Theory]
    [InlineData("How do I reset my password?")]
    [InlineData("I'm frustrated, how do I pair my bulb?")]
    [InlineData("Are the rooms clean? Dirty rooms are unacceptable.")]
    [InlineData("My WiFi router uses WPA3, is that OK?")]
    [InlineData("What's the worst case delivery time?")]
    [InlineData("Bagaimana cara melacak pesanan saya?")]
    [InlineData("Wow, thanks!")]
    public void A_calm_question_is_not_taken_for_anger(string message)
        => Assert.False(Frustration.IsUpset(message, Threshold), $"score {Frustration.Score(message)}");
}
