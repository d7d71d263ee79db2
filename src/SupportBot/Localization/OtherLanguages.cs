using System.Text.RegularExpressions;

namespace SupportBot.Localization;

/// Tells that a message is written in a language SupportBot does not speak, so it can say which ones it does
/// instead of guessing an answer from the few words a search would recognise. A message in another script (Cyrillic,
/// Arabic, Chinese, Thai…) is one; a Latin-script message is one when the common function words of the European
/// languages customers most often write in outnumber the English and Indonesian ones.
internal static partial class OtherLanguages
{
    private const int MinWords = 2;

    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        // Spanish
        "el", "los", "las", "del", "que", "qué", "cómo", "como", "por", "para", "mi", "mis", "una", "es", "está", "puedo", "tengo", "mí", "y", "con", "pero", "porque", "cuándo", "dónde", "cuál",
        // Portuguese
        "o", "os", "não", "minha", "meu", "você", "uma", "posso", "está", "é", "também", "onde", "quando", "por que",
        // French
        "le", "les", "des", "est", "je", "mon", "ma", "mes", "pas", "vous", "comment", "pourquoi", "une", "avec", "où", "quand", "et",
        // German
        "der", "die", "das", "ich", "mein", "meine", "nicht", "ist", "wie", "warum", "und", "mit", "ein", "eine", "kann", "wo", "wann",
        // Italian and Dutch
        "il", "che", "non", "sono", "perché", "della", "het", "een", "niet", "mijn", "hoe", "waarom",
    };

    public static bool IsWritten(string text)
    {
        var letters = text.Count(char.IsLetter);
        if (letters > 0 && NonLatinLetters().Count(text) * 2 > letters)
        {
            return true;
        }
        int other = 0, known = 0;
        foreach (var word in Words().EnumerateMatches(text))
        {
            var token = text.Substring(word.Index, word.Length).ToLowerInvariant();
            other += FunctionWords.Contains(token) ? 1 : 0;
            known += Languages.IsFunctionWord(token) ? 1 : 0;
        }
        return other >= MinWords && other > known;
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();

    [GeneratedRegex(@"[^\p{IsBasicLatin}\p{IsLatin-1Supplement}\p{IsLatinExtended-A}\p{IsLatinExtended-B}\P{L}]")]
    private static partial Regex NonLatinLetters();
}
