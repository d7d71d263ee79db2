using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Id;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using SupportBot.Localization;

namespace SupportBot.Knowledge;

/// In-memory Lucene BM25 index over knowledge sections, rebuilt from the store after each ingestion and swapped
/// atomically so searches never see a half-built index. Lucene (rather than SQLite FTS5) because queries need
/// per-term weights: the customer's question counts more than the earlier turns it is read with. Title, heading
/// and text form one field: separate title and body fields counted a name twice in articles that repeat it,
/// which cost a third of recall@5 on the dev set. Each section is analysed in its own language (English or
/// Indonesian stemming and stop words) and each question in its own, so both meet on the same stems.
internal sealed class KnowledgeIndex : IDisposable
{
    private const string IdField = "id";
    private const string AllField = "all";
    private const string SubjectField = "subject";
    private const int MaxQueryTerms = 64;

    private static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;
    private readonly Analyzer _english = new EnglishAnalyzer(Version, StopWords.Create(Version));
    private readonly Analyzer _indonesian = new IndonesianAnalyzer(Version);
    private readonly Similarity _similarity = new BM25Similarity(1.2f, 0.75f);
    private Snapshot _snapshot;

    public KnowledgeIndex()
    {
        _snapshot = Build([], null);
    }

    public int SectionCount => _snapshot.Sections.Count;

    /// How many sections have an embedding vector (hybrid retrieval); 0 without an embedding model.
    public int VectorCount => Volatile.Read(ref _snapshot).Vectors.Count;

    /// Replaced at every rebuild: a key under which callers may keep what they derive from the index's term weights,
    /// which a rebuild changes.
    public object Generation => Volatile.Read(ref _snapshot);

    /// The subjects the indexed articles are about, for reading which one a conversation means.
    public SubjectCatalog Subjects => Volatile.Read(ref _snapshot).Subjects;

    /// Vectors, by section id, are swapped in with the sections they belong to.
    public void Rebuild(IReadOnlyList<KnowledgeSection> sections, IReadOnlyDictionary<string, float[]>? vectors = null)
        => Volatile.Write(ref _snapshot, Build(sections, vectors));

    /// The index's own terms for a text in a language (English when null): lower-cased, stop words dropped, stemmed.
    public IReadOnlyList<string> Analyze(string text, string? language = null)
    {
        var terms = new List<string>();
        using var stream = AnalyzerFor(language).GetTokenStream(AllField, new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }
        stream.End();
        return terms;
    }

    /// BM25 inverse document frequency of an analysed term; rare terms carry the meaning of a question.
    public double Idf(string term)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var documents = Math.Max(1, snapshot.Sections.Count);
        var frequency = snapshot.Reader.DocFreq(new Term(AllField, term));
        return Math.Log(1 + ((documents - frequency + 0.5) / (frequency + 0.5)));
    }

    /// The idf of a term among the sections of its own language, for Indonesian words no English section holds. Most
    /// help centers have far fewer Indonesian articles than English ones, so across the whole index an Indonesian
    /// word as common as "cara" (way, how) looks as rare as a product's name and outweighs what the question is about.
    /// Any other term, and every term in English, gets the index's idf.
    public double Idf(string term, string? language)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (language != Localization.Languages.Indonesian || snapshot.Indonesian.Sections == 0
            || !snapshot.Indonesian.Frequencies.TryGetValue(term, out var frequency)
            || snapshot.Reader.DocFreq(new Term(AllField, term)) != frequency)
        {
            return Idf(term);
        }
        var documents = snapshot.Indonesian.Sections;
        return Math.Log(1 + ((documents - frequency + 0.5) / (frequency + 0.5)));
    }

    /// Ranks sections by the weighted terms; with subjects given, only sections about one of them.
    public IReadOnlyList<SectionHit> Search(IReadOnlyDictionary<string, double> weightedTerms, int top, IReadOnlyCollection<string>? subjects = null)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (weightedTerms.Count == 0 || snapshot.Sections.Count == 0)
        {
            return [];
        }
        var query = new BooleanQuery();
        foreach (var (term, weight) in weightedTerms.OrderByDescending(kv => kv.Value).Take(MaxQueryTerms))
        {
            query.Add(new TermQuery(new Term(AllField, term)) { Boost = (float)weight }, Occur.SHOULD);
        }
        var docs = subjects is { Count: > 0 }
            ? snapshot.Searcher.Search(query, SubjectFilter(subjects), top)
            : snapshot.Searcher.Search(query, top);
        var hits = new List<SectionHit>(docs.ScoreDocs.Length);
        foreach (var scoreDoc in docs.ScoreDocs)
        {
            var position = snapshot.Searcher.Doc(scoreDoc.Doc).GetField(IdField).GetInt32Value() ?? -1;
            if (position >= 0)
            {
                hits.Add(new SectionHit(snapshot.Sections[position], scoreDoc.Score));
            }
        }
        return hits;
    }

    /// The section that follows one in its article, or null at the article's end: the next step of a procedure.
    public KnowledgeSection? NextInArticle(KnowledgeSection section)
        => Volatile.Read(ref _snapshot).Sections
            .Where(s => s.ArticleId == section.ArticleId && s.Position > section.Position)
            .MinBy(s => s.Position);

    private Analyzer AnalyzerFor(string? language) => language == Localization.Languages.Indonesian ? _indonesian : _english;

    /// Ranks sections by how close their vector is to the given one (cosine similarity); with subjects given, only
    /// sections about one of them, as in Search.
    public IReadOnlyList<SectionHit> SearchSimilar(ReadOnlySpan<float> vector, int top, IReadOnlyCollection<string>? subjects = null)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var about = subjects is { Count: > 0 } ? subjects.ToHashSet(StringComparer.Ordinal) : null;
        var nearest = snapshot.Vectors.Nearest(vector, top, p => about is null || (snapshot.Sections[p].Subject is { } s && about.Contains(s)));
        return [.. nearest.Select(n => new SectionHit(snapshot.Sections[n.Position], n.Similarity))];
    }

    private static QueryWrapperFilter SubjectFilter(IReadOnlyCollection<string> subjects)
    {
        var anyOf = new BooleanQuery();
        foreach (var subject in subjects)
        {
            anyOf.Add(new TermQuery(new Term(SubjectField, subject)), Occur.SHOULD);
        }
        return new QueryWrapperFilter(anyOf);
    }

    private Snapshot Build(IReadOnlyList<KnowledgeSection> sections, IReadOnlyDictionary<string, float[]>? vectors)
    {
        var directory = new RAMDirectory();
        var config = new IndexWriterConfig(Version, _english) { Similarity = _similarity, OpenMode = OpenMode.CREATE };
        using (var writer = new IndexWriter(directory, config))
        {
            for (var i = 0; i < sections.Count; i++)
            {
                var section = sections[i];
                var title = section.Heading == section.ArticleTitle ? section.ArticleTitle : $"{section.ArticleTitle}. {section.Heading}";
                var document = new Document
                {
                    new StoredField(IdField, i),
                    new TextField(AllField, title + "\n" + section.Text, Field.Store.NO),
                };
                if (section.Subject is { Length: > 0 } subject)
                {
                    document.Add(new StringField(SubjectField, subject, Field.Store.NO));
                }
                writer.AddDocument(document, AnalyzerFor(section.Language));
            }
            writer.Commit();
        }
        var reader = DirectoryReader.Open(directory);
        var aligned = vectors is null ? SectionVectors.None : SectionVectors.Align(sections, vectors);
        return new Snapshot(sections, reader, new IndexSearcher(reader) { Similarity = _similarity }, SubjectCatalog.Build(sections), aligned)
        {
            Indonesian = CountTerms(sections.Where(s => s.Language == Localization.Languages.Indonesian).ToList()),
        };
    }

    // Document frequencies within a language's sections (few, so analysing them again costs little).
    private LanguageTerms CountTerms(List<KnowledgeSection> sections)
    {
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            foreach (var term in Analyze($"{section.ArticleTitle}\n{section.Heading}\n{section.Text}", section.Language).Distinct(StringComparer.Ordinal))
            {
                frequencies[term] = frequencies.GetValueOrDefault(term) + 1;
            }
        }
        return new LanguageTerms(sections.Count, frequencies);
    }

    public void Dispose()
    {
        _english.Dispose();
        _indonesian.Dispose();
    }

    private sealed record Snapshot(
        IReadOnlyList<KnowledgeSection> Sections, DirectoryReader Reader, IndexSearcher Searcher, SubjectCatalog Subjects, SectionVectors Vectors)
    {
        public LanguageTerms Indonesian { get; init; } = LanguageTerms.None;
    }

    private sealed record LanguageTerms(int Sections, IReadOnlyDictionary<string, int> Frequencies)
    {
        public static readonly LanguageTerms None = new(0, new Dictionary<string, int>());
    }
}

internal sealed record SectionHit(KnowledgeSection Section, double Score);
