using System.Text.RegularExpressions;

namespace SupportBot.Knowledge;

/// Neutralises instructions planted in an article before it is stored: the sections are quoted to customers and
/// given to a language model, so text meant for neither (HTML comments, zero-width characters hiding words,
/// sentences that address the assistant) is left out at ingestion.
internal static partial class ArticleText
{
    public static string Neutralise(string text)
    {
        var visible = Invisible().Replace(HtmlComment().Replace(text, " "), string.Empty);
        if (!AddressesTheAssistant().IsMatch(visible))
        {
            return visible;
        }
        var lines = visible.Split('\n').Select(line => string.Join(' ', SentenceEnd().Split(line).Where(sentence => !AddressesTheAssistant().IsMatch(sentence))));
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"<!--.*?(?:-->|$)", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    // Format characters (zero-width space and joiners, bidi overrides, the BOM): they render as nothing.
    [GeneratedRegex(@"\p{Cf}")]
    private static partial Regex Invisible();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(
        @"\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:instructions?|rules|prompt|guidelines)\b"
        + @"|^\s*(?:system|assistant|developer)\s*:"
        + @"|\bnew (?:instructions|rules)\b"
        + @"|\b(?:reveal|print|repeat|show)\b.{0,30}\b(?:system prompt|your prompt|your instructions)\b"
        + @"|\babaikan\b.{0,40}\binstruksi\b",
        RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex AddressesTheAssistant();
}
