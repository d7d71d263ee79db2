using SupportBot.Answering;

namespace SupportBot.Tests.Llm;

public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("write to jane.doe+shop@example.co.uk please", "write to [email] please")]
    [InlineData("my card is 4111-1111-1111-1111", "my card is [card number]")]
    [InlineData("call me on +62 812 3456 7890", "call me on [phone]")]
    [InlineData("call (020) 7946 0958 today", "call [phone] today")]
    public void Personal_data_is_masked(string text, string expected) => Assert.Equal(expected, PersonalData.Redact(text));

    [Theory]
    [InlineData("order LM-4821937 has not arrived")] // an order reference is not personal data
    [InlineData("it arrived on 2026-11-02")] // nor is a date
    [InlineData("error E21 after 30 seconds")]
    public void Text_without_personal_data_is_left_alone(string text) => Assert.Equal(text, PersonalData.Redact(text));
}
