using System.Text.RegularExpressions;
using SupportBot.Knowledge;

namespace SupportBot.Answering;

/// Picks the sentences of a section that answer the question, kept in the article's order: the most relevant
/// sentence, then its best neighbours while they add matching terms and fit the length budget. A lead-in that
/// ends with a colon brings the list that follows it.
internal static partial class ExtractiveAnswer
{
    public static string Compose(KnowledgeSection section, IReadOnlyDictionary<string, double> termWeights, KnowledgeIndex index, int maxSentences, int maxCharacters)
    {
        var sentences = Split(section.Text);
        if (sentences.Count == 0)
        {
            return section.Text;
        }
        var scores = sentences.Select(s => Score(s, section.Language, termWeights, index)).ToArray();
        var best = Array.IndexOf(scores, scores.Max());
        var chosen = new SortedSet<int> { best };
        var length = sentences[best].Length;

        if (sentences[best].TrimEnd().EndsWith(':'))
        {
            for (var i = best + 1; i < sentences.Count && IsListItem(sentences[i]) && length + sentences[i].Length <= maxCharacters * 2; i++)
            {
                chosen.Add(i);
                length += sentences[i].Length;
            }
        }

        foreach (var candidate in Enumerable.Range(0, sentences.Count).Where(i => i != best && scores[i] > 0).OrderByDescending(i => scores[i]))
        {
            if (chosen.Count >= maxSentences || chosen.Contains(candidate))
            {
                continue;
            }
            if (length + sentences[candidate].Length > maxCharacters)
            {
                continue;
            }
            chosen.Add(candidate);
            length += sentences[candidate].Length;
        }

        var parts = chosen.Select(i => sentences[i]).ToList();
        var answer = new System.Text.StringBuilder(parts[0]);
        for (var i = 1; i < parts.Count; i++)
        {
            // Markdown: list items stay together; prose after a list needs a blank line or it joins the last item.
            var separator = (IsListItem(parts[i - 1]), IsListItem(parts[i])) switch
            {
                (true, true) => "\n",
                (false, false) => " ",
                _ => "\n\n",
            };
            answer.Append(separator).Append(parts[i]);
        }
        return answer.ToString();
    }

    public static IReadOnlyList<string> Split(string text)
    {
        var sentences = new List<string>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (IsListItem(line))
            {
                sentences.Add(line);
                continue;
            }
            sentences.AddRange(SentenceBoundary().Split(line).Select(s => s.Trim()).Where(s => s.Length > 0));
        }
        return sentences;
    }

    private static double Score(string sentence, string? language, IReadOnlyDictionary<string, double> termWeights, KnowledgeIndex index)
        => index.Analyze(sentence, language).Distinct(StringComparer.Ordinal)
            .Sum(term => termWeights.TryGetValue(term, out var weight) ? weight * index.Idf(term) : 0);

    private static bool IsListItem(string line) => ListItem().IsMatch(line);

    [GeneratedRegex(@"^(\d+[.)]|[-*•])\s")]
    private static partial Regex ListItem();

    // A sentence ends at . ! or ? followed by space and a capital, digit or quote; "e.g. the" stays whole.
    [GeneratedRegex(@"(?<=[.!?])\s+(?=[""'(\p{Lu}\d])")]
    private static partial Regex SentenceBoundary();
}
