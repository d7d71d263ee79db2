using SupportBot.Localization;

namespace SupportBot.Tests.Localization;

public sealed class LanguagesTests
{
    [Theory]
    [InlineData("Bagaimana cara mengatur ulang kata sandi saya?", "id")]
    [InlineData("Kapan dana pengembalian saya akan masuk ke rekening?", "id")]
    [InlineData("How do I reset my password?", "en")]
    [InlineData("When will my refund show up on my card?", "en")]
    [InlineData("halo", null)]
    [InlineData("LM-4821937", null)]
    [InlineData("", null)]
    public void Function_words_tell_the_language_when_they_are_clear(string text, string? language)
        => Assert.Equal(language, Languages.Detect(text));

    [Theory]
    [InlineData("Bagaimana cara melacak pesanan saya?", "en-US", "id")]
    [InlineData("How do I track my order?", "id-ID", "en")]
    [InlineData("halo", "id-ID", "id")]
    [InlineData("halo", "de-DE", "en")]
    [InlineData("halo", null, "en")]
    public void A_message_is_answered_in_the_language_it_is_written_in_else_the_locales(string text, string? locale, string language)
        => Assert.Equal(language, Languages.ForMessage(text, locale));
}
