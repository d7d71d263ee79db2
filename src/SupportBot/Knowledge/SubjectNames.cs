using System.Globalization;
using System.Text;

namespace SupportBot.Knowledge;

/// Reduces names and messages to comparable word sequences, so "Hobson's House", "hobsons house" and "HOBSONS
/// HOUSE" are one name: lower case, "&" read as "and", apostrophes dropped, a plural or possessive "s" dropped, and
/// words that the catalog's names write as two ("guest house") split where a message joins them ("guesthouse").
internal sealed class SubjectNames
{
    private readonly Dictionary<string, string[]> _compounds;

    public SubjectNames(IEnumerable<string> names)
    {
        _compounds = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var words = Words(name);
            for (var i = 0; i + 1 < words.Count; i++)
            {
                _compounds.TryAdd(words[i] + words[i + 1], [words[i], words[i + 1]]);
            }
        }
    }

    public string[] Normalize(string text)
    {
        var normalized = new List<string>();
        foreach (var word in Words(text))
        {
            if (_compounds.TryGetValue(word, out var parts))
            {
                normalized.AddRange(parts);
            }
            else
            {
                normalized.Add(word);
            }
        }
        return [.. normalized];
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in text.Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(raw) == UnicodeCategory.NonSpacingMark || raw is '\'' or '\u2019')
            {
                continue;
            }
            if (char.IsLetterOrDigit(raw))
            {
                current.Append(char.ToLowerInvariant(raw));
                continue;
            }
            Flush(current, words);
            if (raw == '&')
            {
                words.Add("and");
            }
        }
        Flush(current, words);
        return words;
    }

    private static void Flush(StringBuilder current, List<string> words)
    {
        if (current.Length == 0)
        {
            return;
        }
        var word = current.ToString();
        // "Rosa's" and "Rosas", "Acorn" and "Acorns" are the same name to a customer.
        words.Add(word.Length > 3 && word[^1] == 's' && word[^2] != 's' ? word[..^1] : word);
        current.Clear();
    }
}
