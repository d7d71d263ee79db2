using SupportBot.Knowledge;
using SupportBot.Localization;

namespace SupportBot.Answering;

/// The operator's Indonesian-English term list, read from a tab-separated file beside the knowledge base
/// (`Answering:Glossary`): an Indonesian word or phrase, a tab, and its English equivalents separated by commas.
/// Most help centers write their articles in one language; with it, an Indonesian question meets an article that
/// exists in English only, through the article's own words. No file, no translations.
internal sealed class Glossary
{
    public static readonly Glossary None = new([]);

    private readonly IReadOnlyList<(string Indonesian, IReadOnlyList<string> English)> _entries;
    private IReadOnlyList<(string[] Stems, string[] English)>? _compiled;

    private Glossary(IReadOnlyList<(string Indonesian, IReadOnlyList<string> English)> entries) => _entries = entries;

    public int Count => _entries.Count;

    public static Glossary Load(string path)
    {
        if (!File.Exists(path))
        {
            return None;
        }
        var entries = new List<(string, IReadOnlyList<string>)>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            var columns = line.Split('\t');
            var english = columns.Length == 2
                ? columns[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [];
            if (columns.Length != 2 || columns[0].Trim().Length == 0 || english.Length == 0)
            {
                throw new InvalidDataException($"{path}:{number}: expected an Indonesian term, a tab, and English terms separated by commas.");
            }
            entries.Add((columns[0].Trim(), english));
        }
        return new Glossary(entries);
    }

    /// The English index terms for an Indonesian question's terms, by the question term they translate. A phrase
    /// ("kata sandi") applies when all its words are in the question, and then translates each of them.
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Translate(IReadOnlyCollection<string> indonesianTerms, KnowledgeIndex index)
    {
        if (_entries.Count == 0 || indonesianTerms.Count == 0)
        {
            return Empty;
        }
        var present = indonesianTerms as IReadOnlySet<string> ?? indonesianTerms.ToHashSet(StringComparer.Ordinal);
        var translations = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (stems, english) in Compiled(index))
        {
            if (stems.Length == 0 || !stems.All(present.Contains))
            {
                continue;
            }
            foreach (var stem in stems)
            {
                if (!translations.TryGetValue(stem, out var terms))
                {
                    translations[stem] = terms = new HashSet<string>(StringComparer.Ordinal);
                }
                terms.UnionWith(english);
            }
        }
        return translations.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)[.. pair.Value], StringComparer.Ordinal);
    }

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Empty = new Dictionary<string, IReadOnlyList<string>>();

    // Both sides go through the index's own analyzers (stemming, stop words), so they meet the question's terms and
    // the articles' as the index holds them. The analyzers never change, so once is enough.
    private IReadOnlyList<(string[] Stems, string[] English)> Compiled(KnowledgeIndex index)
        => _compiled ??= [.. _entries.Select(e => (
            index.Analyze(e.Indonesian, Languages.Indonesian).Distinct(StringComparer.Ordinal).ToArray(),
            e.English.SelectMany(term => index.Analyze(term, Languages.English)).Distinct(StringComparer.Ordinal).ToArray()))];
}
