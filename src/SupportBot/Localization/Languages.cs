using Lucene.Net.Analysis.Id;

namespace SupportBot.Localization;

/// The languages SupportBot speaks and searches in, and how it tells which one a customer or an article uses.
internal static partial class Languages
{
    public const string English = "en";
    public const string Indonesian = "id";

    public static readonly IReadOnlyList<string> Supported = [English, Indonesian];

    // Function words tell two languages apart with no model: they are in nearly every sentence, and the two lists
    // barely overlap. Content words would not ("password", "refund" and product names are used in both).
    private static readonly HashSet<string> EnglishWords = new(StopWords.EnglishWords, StringComparer.Ordinal);
    private static readonly HashSet<string> IndonesianWords = [.. IndonesianAnalyzer.DefaultStopSet.Select(w => w.ToString()!)];

    /// The supported language of a locale such as "id-ID" or "en-US" ("in" is the old code for Indonesian), or null.
    public static string? FromLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }
        var code = locale.Trim().Split('-', '_')[0].ToLowerInvariant();
        return code switch
        {
            English => English,
            Indonesian or "in" => Indonesian,
            _ => null,
        };
    }

    /// The language a text is written in when its function words say so clearly, else null. A short question has
    /// few: with no English one, one long Indonesian function word ("bagaimana", "berapa", "apakah") is enough, or
    /// one word of Indonesian shape ("mengaktifkan", "pengaturan", "pesanannya"), while short function words ("per",
    /// "di") also occur in English.
    public static string? Detect(string text)
    {
        int english = 0, indonesian = 0, longIndonesian = 0;
        foreach (var word in Words().EnumerateMatches(text))
        {
            var token = text.Substring(word.Index, word.Length).ToLowerInvariant();
            if (word.Length == 1 && word.Index + 1 < text.Length && (text[word.Index + 1] == '-' || char.IsDigit(text[word.Index + 1])))
            {
                // The "A" of an order number such as "A-1001" is no English article.
                continue;
            }
            english += EnglishWords.Contains(token) ? 1 : 0;
            var isIndonesian = IndonesianWords.Contains(token);
            indonesian += isIndonesian ? 1 : 0;
            longIndonesian += (isIndonesian && token.Length >= LongFunctionWord) || IndonesianAffixes().IsMatch(token) ? 1 : 0;
        }
        return (indonesian >= 2 && indonesian > english * 2) || (longIndonesian >= 1 && english == 0) ? Indonesian
            : english >= 2 && english > indonesian * 2 ? English
            : null;
    }

    private const int LongFunctionWord = 5;

    /// Whether a lower-cased word is one of English's or Indonesian's function words.
    public static bool IsFunctionWord(string word) => EnglishWords.Contains(word) || IndonesianWords.Contains(word);

    /// What a customer's message is answered in: the language it is clearly written in, else the locale's
    /// (a browser set to English is common among customers who write Indonesian), else English.
    public static string ForMessage(string text, string? locale) => Detect(text) ?? FromLocale(locale) ?? English;

    // Prefixes and suffixes English words almost never have: meng-/meny-/peng-/peny-, -kan, -nya.
    [System.Text.RegularExpressions.GeneratedRegex(@"^((meng|meny|peng|peny)\p{L}{3,}|\p{L}{3,}(kan|nya))$")]
    private static partial System.Text.RegularExpressions.Regex IndonesianAffixes();

    [System.Text.RegularExpressions.GeneratedRegex(@"\p{L}+(['’]\p{L}+)?")]
    private static partial System.Text.RegularExpressions.Regex Words();
}
