using System.Globalization;
using System.Text;
using SupportBot.Knowledge;

namespace SupportBot.Benchmarks;

/// Deterministic support-like sections and queries. Content words follow a Zipf distribution over a vocabulary
/// whose head is real help-desk words and whose long tail is made-up product and feature names; sentences mix
/// in function words at an English-like rate and now and then an error code. Queries take 3–6 content words of
/// one section, as a customer describing an article's topic would, so every query has matches.
internal sealed class SyntheticCorpus
{
    private const int TailWords = 40_000;
    private const double ZipfExponent = 1.0;
    private const double FunctionWordRate = 0.45;

    private static readonly string[] HeadWords =
    [
        "account", "password", "reset", "login", "sign", "email", "address", "order", "refund", "payment", "card",
        "invoice", "billing", "subscription", "plan", "upgrade", "downgrade", "cancel", "renewal", "trial", "price",
        "discount", "coupon", "code", "shipping", "delivery", "tracking", "package", "return", "exchange", "warranty",
        "device", "app", "mobile", "desktop", "browser", "update", "install", "download", "settings", "profile",
        "notification", "message", "support", "ticket", "agent", "chat", "phone", "number", "verify", "verification",
        "security", "two-factor", "authentication", "privacy", "data", "export", "import", "backup", "restore",
        "sync", "storage", "limit", "quota", "error", "issue", "problem", "crash", "slow", "connection", "network",
        "wifi", "bluetooth", "battery", "screen", "display", "printer", "scanner", "camera", "microphone", "audio",
        "video", "file", "folder", "document", "upload", "share", "link", "permission", "access", "admin", "user",
        "team", "member", "invite", "role", "workspace", "project", "report", "dashboard", "analytics", "integration",
        "api", "key", "token", "webhook", "license", "activation", "serial", "receipt", "tax", "currency", "bank",
        "transfer", "wallet", "balance", "credit", "charge", "fee", "late", "overdue", "reminder", "schedule",
        "appointment", "booking", "reservation", "room", "checkout", "checkin", "parking", "breakfast", "menu",
        "table", "guest", "location", "hours", "open", "close", "holiday", "store", "branch", "pickup", "courier",
        "address", "change", "edit", "delete", "remove", "add", "create", "enable", "disable", "turn", "switch",
        "language", "region", "country", "timezone", "format", "font", "theme", "dark", "mode", "keyboard",
        "shortcut", "search", "filter", "sort", "calendar", "contact", "directory", "group", "channel", "call",
        "meeting", "recording", "transcript", "caption", "accessibility", "reader", "zoom", "offline", "online",
        "status", "outage", "maintenance", "version", "release", "beta", "feature", "request", "feedback", "survey",
        "rating", "review", "complaint", "compensation", "voucher", "gift", "loyalty", "points", "reward", "member",
        "tier", "card", "expired", "declined", "failed", "pending", "approved", "rejected", "locked", "blocked",
        "suspended", "closed", "deleted", "recover", "recovery", "question", "answer", "secure", "fraud", "scam",
        "phishing", "spam", "unsubscribe", "newsletter", "preferences", "cookie", "consent", "gdpr", "policy",
        "terms", "agreement", "contract", "signature", "identity", "document", "passport", "photo", "address",
    ];

    private static readonly string[] FunctionWords =
    [
        "the", "to", "a", "you", "your", "and", "of", "in", "is", "for", "on", "it", "can", "if", "with", "this",
        "be", "or", "are", "from", "that", "will", "not", "when", "we", "after", "before", "then", "any", "all",
    ];

    private readonly Random _random;
    private readonly string[] _vocabulary;
    private readonly double[] _cumulative;

    public SyntheticCorpus(int seed)
    {
        _random = new Random(seed);
        var head = HeadWords.Distinct(StringComparer.Ordinal).ToArray();
        _random.Shuffle(head);
        var tail = new HashSet<string>(StringComparer.Ordinal);
        while (tail.Count < TailWords)
        {
            tail.Add(MadeUpWord());
        }
        _vocabulary = [.. head, .. tail.Where(w => !head.Contains(w, StringComparer.Ordinal))];
        _cumulative = new double[_vocabulary.Length];
        var total = 0.0;
        for (var rank = 0; rank < _vocabulary.Length; rank++)
        {
            total += 1.0 / Math.Pow(rank + 1, ZipfExponent);
            _cumulative[rank] = total;
        }
        for (var rank = 0; rank < _cumulative.Length; rank++)
        {
            _cumulative[rank] /= total;
        }
    }

    public int VocabularySize => _vocabulary.Length;

    /// Sections grouped into articles of 1–6 sections, 2–12 sentences each; the first section of an article is
    /// headed by the article title.
    public List<KnowledgeSection> Sections(int count)
    {
        var sections = new List<KnowledgeSection>(count);
        var article = 0;
        while (sections.Count < count)
        {
            var articleId = $"synthetic/article-{article++:D6}";
            var title = Phrase(2, 6);
            var parts = Math.Min(_random.Next(1, 7), count - sections.Count);
            for (var position = 0; position < parts; position++)
            {
                var heading = position == 0 ? title : Phrase(2, 5);
                var anchor = $"s{position}";
                sections.Add(new KnowledgeSection(KnowledgeSection.MakeId(articleId, anchor), articleId, title, anchor, heading, Body(), position));
            }
        }
        return sections;
    }

    /// Query terms: 3–6 distinct content words from a random section's title and text.
    public List<string[]> Queries(IReadOnlyList<KnowledgeSection> sections, int count)
    {
        var queries = new List<string[]>(count);
        while (queries.Count < count)
        {
            var section = sections[_random.Next(sections.Count)];
            var words = (section.Heading + " " + section.Text)
                .Split([' ', '.', ',', '?'], StringSplitOptions.RemoveEmptyEntries)
                .Select(w => w.ToLowerInvariant())
                .Where(w => !FunctionWords.Contains(w, StringComparer.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            _random.Shuffle(words);
            var terms = words.Take(_random.Next(3, 7)).ToArray();
            if (terms.Length >= 3)
            {
                queries.Add(terms);
            }
        }
        return queries;
    }

    private string Body()
    {
        var text = new StringBuilder();
        var sentences = _random.Next(2, 13);
        for (var s = 0; s < sentences; s++)
        {
            var length = _random.Next(6, 19);
            for (var w = 0; w < length; w++)
            {
                var word = _random.NextDouble() < FunctionWordRate ? FunctionWords[_random.Next(FunctionWords.Length)] : ContentWord();
                if (w == 0)
                {
                    word = char.ToUpperInvariant(word[0]) + word[1..];
                }
                text.Append(word).Append(w == length - 1 ? (_random.Next(8) == 0 ? "? " : ". ") : (_random.Next(12) == 0 ? ", " : " "));
            }
        }
        return text.ToString().TrimEnd();
    }

    private string Phrase(int min, int max)
    {
        var words = Enumerable.Range(0, _random.Next(min, max + 1)).Select(_ => ContentWord()).ToArray();
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words);
    }

    private string ContentWord()
    {
        if (_random.Next(200) == 0)
        {
            return "E" + _random.Next(100, 10_000).ToString(CultureInfo.InvariantCulture);
        }
        var rank = Array.BinarySearch(_cumulative, _random.NextDouble());
        return _vocabulary[Math.Min(rank < 0 ? ~rank : rank, _vocabulary.Length - 1)];
    }

    private string MadeUpWord()
    {
        const string consonants = "bcdfghklmnprstvz";
        const string vowels = "aeiou";
        var word = new StringBuilder();
        var syllables = _random.Next(2, 5);
        for (var i = 0; i < syllables; i++)
        {
            word.Append(consonants[_random.Next(consonants.Length)]).Append(vowels[_random.Next(vowels.Length)]);
        }
        if (_random.Next(3) == 0)
        {
            word.Append(consonants[_random.Next(consonants.Length)]);
        }
        return word.ToString();
    }
}
