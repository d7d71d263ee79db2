using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using SupportBot.Localization;

namespace SupportBot.Tests.Localization;

public sealed partial class BotMessagesTests
{
    [Fact]
    public void Every_message_is_translated_into_every_language_with_the_same_placeholders()
    {
        var english = Messages(CultureInfo.InvariantCulture);
        Assert.NotEmpty(english);
        foreach (var language in Languages.Supported.Where(l => l != Languages.English))
        {
            var translated = Messages(CultureInfo.GetCultureInfo(language));
            Assert.Equal(english.Keys.Order(), translated.Keys.Order());
            foreach (var (name, text) in english)
            {
                Assert.NotEqual(string.Empty, translated[name]);
                Assert.Equal(Placeholders(text), Placeholders(translated[name]));
            }
        }
    }

    [Theory]
    [InlineData("id-ID", "Halo! Ada yang bisa saya bantu hari ini?")]
    [InlineData("id", "Halo! Ada yang bisa saya bantu hari ini?")]
    [InlineData("in-ID", "Halo! Ada yang bisa saya bantu hari ini?")]
    [InlineData("en-GB", "Hello! What can I help you with today?")]
    [InlineData("fr-FR", "Hello! What can I help you with today?")]
    [InlineData(null, "Hello! What can I help you with today?")]
    public void A_locale_picks_its_language_and_an_unsupported_one_gets_English(string? locale, string greeting)
        => Assert.Equal(greeting, BotMessages.For(locale).Greeting);

    [Fact]
    public void The_welcome_names_the_company()
    {
        Assert.Contains("Contoso", BotMessages.For("id").Welcome("Contoso"), StringComparison.Ordinal);
        Assert.Contains("Contoso", BotMessages.English.TeamWelcome("Contoso"), StringComparison.Ordinal);
    }

    // Only the resources of the culture itself, not what it falls back to.
    private static Dictionary<string, string> Messages(CultureInfo culture)
    {
        var set = BotMessages.ResourceManager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new MissingManifestResourceException($"No bot messages for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
