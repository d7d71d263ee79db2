namespace SupportBot.Knowledge;

/// The subjects the knowledge base has articles about (from front matter), and where a message names them.
/// Customers shorten names ("the Gonville" for the Gonville Hotel), so a leading part of a name also counts when
/// the subject's own articles use it on its own and it is distinctive: it names no other subject and rarely
/// appears in other subjects' articles ("city centre" is a prefix of a name but also an ordinary phrase).
internal sealed class SubjectCatalog
{
    public static readonly SubjectCatalog Empty = new(new SubjectNames([]), [], new Dictionary<string, string?>());

    private const double MaxShareOfOtherSections = 0.005;
    private const int MinPrefixLength = 4;

    private readonly SubjectNames _names;
    private readonly Dictionary<string, List<Alias>> _aliasesByFirstWord;
    private readonly IReadOnlyDictionary<string, string?> _categories;
    private readonly Dictionary<string, string> _categoryByWord;

    private SubjectCatalog(SubjectNames names, IEnumerable<Alias> aliases, IReadOnlyDictionary<string, string?> categories)
    {
        _names = names;
        _categories = categories;
        _aliasesByFirstWord = aliases
            .GroupBy(a => a.Words[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.Words.Length).ToList(), StringComparer.Ordinal);
        _categoryByWord = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var category in categories.Values.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (names.Normalize(category) is [var word])
            {
                _categoryByWord[word] = category;
            }
        }
    }

    public bool IsEmpty => _categories.Count == 0;

    public string? CategoryOf(string subject) => _categories.GetValueOrDefault(subject);

    /// Subjects named in a text, in the order they appear; the longest name wins where names overlap.
    public IReadOnlyList<string> Find(string text)
    {
        if (IsEmpty)
        {
            return [];
        }
        var words = _names.Normalize(text);
        var found = new List<string>();
        for (var i = 0; i < words.Length;)
        {
            var match = _aliasesByFirstWord.GetValueOrDefault(words[i])?.FirstOrDefault(a => StartsAt(words, i, a.Words));
            if (match is null)
            {
                i++;
                continue;
            }
            found.AddRange(match.Subjects.Where(s => !found.Contains(s, StringComparer.Ordinal)));
            i += match.Words.Length;
        }
        return found;
    }

    /// The categories a text names by their own word ("is the hotel quiet?"), to tell apart the hotel and the
    /// restaurant of one conversation.
    public IReadOnlyList<string> CategoriesNamedIn(string text)
        => _categoryByWord.Count == 0 ? [] : [.. _names.Normalize(text).Select(w => _categoryByWord.GetValueOrDefault(w)).OfType<string>().Distinct(StringComparer.Ordinal)];

    public static SubjectCatalog Build(IReadOnlyList<KnowledgeSection> sections)
    {
        var categories = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var section in sections.Where(s => !string.IsNullOrWhiteSpace(s.Subject)))
        {
            categories.TryAdd(section.Subject!, section.Category);
        }
        if (categories.Count == 0)
        {
            return Empty;
        }
        var names = new SubjectNames(categories.Keys);
        var fullNames = categories.Keys.Select(s => (Subject: s, Words: WithoutArticle(names.Normalize(s)))).Where(n => n.Words.Length > 0).ToList();
        var aliases = new Dictionary<string, Alias>(StringComparer.Ordinal);
        foreach (var (subject, words) in fullNames)
        {
            AddAlias(aliases, words, subject);
        }

        var prefixes = fullNames
            .SelectMany(n => Enumerable.Range(1, n.Words.Length - 1).Select(length => (n.Subject, Words: n.Words[..length])))
            .Where(p => string.Concat(p.Words).Length >= MinPrefixLength && !aliases.ContainsKey(Key(p.Words)))
            .GroupBy(p => Key(p.Words), StringComparer.Ordinal)
            .Where(g => g.Select(p => p.Subject).Distinct(StringComparer.Ordinal).Count() == 1)
            .Select(g => g.First())
            .ToList();
        if (prefixes.Count > 0)
        {
            var texts = new SectionTexts(sections, names, fullNames);
            foreach (var (subject, words) in prefixes)
            {
                if (texts.UsesShortForm(words, subject) && texts.ShareOfOtherSubjectsContaining(words, subject) <= MaxShareOfOtherSections)
                {
                    AddAlias(aliases, words, subject);
                }
            }
        }
        return new SubjectCatalog(names, aliases.Values, categories);
    }

    private static void AddAlias(Dictionary<string, Alias> aliases, string[] words, string subject)
    {
        var key = Key(words);
        if (aliases.TryGetValue(key, out var existing))
        {
            existing.Subjects.Add(subject);
            return;
        }
        aliases[key] = new Alias(words, [subject]);
    }

    private static string[] WithoutArticle(string[] words) => words is ["the", .. var rest] && rest.Length > 0 ? rest : words;

    private static bool StartsAt(string[] words, int start, string[] alias)
        => start + alias.Length <= words.Length && words.AsSpan(start, alias.Length).SequenceEqual(alias);

    private static string Key(string[] words) => string.Join(' ', words);

    private sealed record Alias(string[] Words, List<string> Subjects);

    /// Each section's text as normalized words, for checking how common a phrase is outside its own subject.
    private sealed class SectionTexts
    {
        private readonly List<(string? Subject, string Text)> _texts;
        private readonly ILookup<string, string> _textsBySubject;
        private readonly Dictionary<string, string[]> _fullNames;

        public SectionTexts(IReadOnlyList<KnowledgeSection> sections, SubjectNames names, IEnumerable<(string Subject, string[] Words)> fullNames)
        {
            _fullNames = fullNames.ToDictionary(n => n.Subject, n => n.Words, StringComparer.Ordinal);
            _texts = [.. sections.Select(s => (s.Subject, " " + string.Join(' ', names.Normalize($"{s.ArticleTitle} {s.Text}")) + " "))];
            _textsBySubject = _texts.Where(t => t.Subject is not null).ToLookup(t => t.Subject!, t => t.Text, StringComparer.Ordinal);
        }

        /// Whether the subject's own articles call it by this leading part of its name alone.
        public bool UsesShortForm(string[] words, string subject)
        {
            var phrase = " " + string.Join(' ', words) + " ";
            // Followed by the name's next word, it is the longer name, not this short form.
            var next = _fullNames[subject][words.Length] + " ";
            foreach (var text in _textsBySubject[subject])
            {
                for (var at = text.IndexOf(phrase, StringComparison.Ordinal); at >= 0; at = text.IndexOf(phrase, at + 1, StringComparison.Ordinal))
                {
                    if (!text.AsSpan(at + phrase.Length).StartsWith(next, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
            return false;
        }

        public double ShareOfOtherSubjectsContaining(string[] words, string subject)
        {
            var phrase = " " + string.Join(' ', words) + " ";
            int others = 0, containing = 0;
            foreach (var (owner, text) in _texts)
            {
                if (string.Equals(owner, subject, StringComparison.Ordinal))
                {
                    continue;
                }
                others++;
                if (text.Contains(phrase, StringComparison.Ordinal))
                {
                    containing++;
                }
            }
            return others == 0 ? 0 : (double)containing / others;
        }
    }
}
