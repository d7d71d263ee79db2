using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SupportBot.Answering;
using SupportBot.Evaluation;
using SupportBot.Knowledge;
using SupportBot.Localization;
using LuceneVersion = Lucene.Net.Util.LuceneVersion;

namespace SupportBot.Benchmarks;

internal sealed record QualityResult(string Variant, int Found, int Answerable, LatencySummary Latency)
{
    public double RecallAt5 => Answerable == 0 ? double.NaN : (double)Found / Answerable;
}

internal sealed record QualityReport(int Articles, int Sections, int Failed, double LuceneBuildMs, double Fts5BuildMs, List<QualityResult> Results);

/// recall@5 on a labelled question set: a gold article among the first 5 distinct articles of the top 10
/// sections, as Answerer reports them. Each question is read with the same earlier turns Answerer sees (the
/// last HistoryTurns of its context); the variants differ only in engine and in how those turns are weighted.
internal static partial class RetrievalQuality
{
    private const int Candidates = 10;
    private const int ReportedArticles = 5;
    private const int WarmupQuestions = 50;

    public static QualityReport Run(string knowledgeFolder, string questionsFile, Action<string> progress)
    {
        progress($"quality: reading articles from {knowledgeFolder}");
        var (articles, failed) = ReadArticles(knowledgeFolder);
        var sections = articles.SelectMany(a => a.Sections).ToList();
        var questions = ReadQuestions(questionsFile)
            .Where(q => string.Equals(q.Expected, "answer", StringComparison.OrdinalIgnoreCase))
            .Select(q => (Question: q.Question, History: History(q), Gold: (IReadOnlyCollection<string>)(q.GoldArticleIds ?? [])))
            .ToList();

        progress($"quality: building both indexes over {sections.Count:N0} sections");
        using var index = new KnowledgeIndex();
        var start = Stopwatch.GetTimestamp();
        index.Rebuild(sections);
        var luceneBuild = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        start = Stopwatch.GetTimestamp();
        using var fts = new Fts5Index(sections);
        var ftsBuild = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        var builder = new QueryBuilder(index, Options.Create(new AnsweringOptions()));
        var stopWords = StopWords.Create(LuceneVersion.LUCENE_48);
        var variants = new (string Name, Func<string, IReadOnlyList<ConversationTurn>, IEnumerable<KnowledgeSection>> Search)[]
        {
            ("Lucene, QueryBuilder weights (question 1.0, turns decayed)",
                (q, h) => index.Search(builder.Build(q, h).Weights, Candidates).Select(hit => hit.Section)),
            ("Lucene, plain concatenation (all weights 1)",
                (q, h) => index.Search(RetrievalSpeed.Unweighted(index, Concatenate(q, h)), Candidates).Select(hit => hit.Section)),
            ("FTS5 (title, body), plain concatenation, same stop list",
                (q, h) => fts.Search(Fts5Index.OrQuery(Words(Concatenate(q, h)).Where(w => !stopWords.Contains(w))), Candidates)),
            ("FTS5 (title, body), plain concatenation, no stop list",
                (q, h) => fts.Search(Fts5Index.OrQuery(Words(Concatenate(q, h))), Candidates)),
        };

        var results = new List<QualityResult>();
        foreach (var (name, search) in variants)
        {
            progress($"quality: {questions.Count} answerable questions, {name}");
            foreach (var (question, history, _) in questions.Take(WarmupQuestions))
            {
                _ = search(question, history).Count();
            }
            var found = 0;
            var timings = new List<double>(questions.Count);
            foreach (var (question, history, gold) in questions)
            {
                start = Stopwatch.GetTimestamp();
                var top = search(question, history).Select(s => s.ArticleId).Distinct(StringComparer.Ordinal).Take(ReportedArticles).ToList();
                timings.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (top.Any(gold.Contains))
                {
                    found++;
                }
            }
            results.Add(new QualityResult(name, found, questions.Count, LatencySummary.From(timings)));
        }
        return new QualityReport(articles.Count, sections.Count, failed, luceneBuild, ftsBuild, results);
    }

    /// The question, then the earlier turns newest first, so that KnowledgeIndex's cap on query terms drops the
    /// oldest context rather than the question.
    private static string Concatenate(string question, IReadOnlyList<ConversationTurn> history) =>
        string.Join('\n', history.Reverse().Select(t => t.Text).Prepend(question));

    /// Words as FTS5's unicode61 tokenizer sees them, kept whole across apostrophes so the stop list matches
    /// "i'm"; lower-cased and distinct.
    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal);

    /// Earlier turns the way the eval command and TurnHandler pass them to Answerer: U is the customer, anything
    /// else the support side, empty turns dropped, the last HistoryTurns kept.
    private static List<ConversationTurn> History(EvalQuestion question) =>
    [
        .. (question.Context ?? [])
            .Where(t => t.Text is { Length: > 0 })
            .Select(t => new ConversationTurn(t.Speaker == "U" ? Speaker.Customer : Speaker.Support, t.Text))
            .TakeLast(new AnsweringOptions().HistoryTurns),
    ];

    private static (List<KnowledgeArticle> Articles, int Failed) ReadArticles(string folder)
    {
        var articles = new List<KnowledgeArticle>();
        var failed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(ArticleReader.IsSupported).Order(StringComparer.Ordinal))
        {
            try
            {
                articles.Add(ArticleReader.Read(Path.GetRelativePath(folder, file).Replace('\\', '/'), File.ReadAllText(file)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
            {
                failed++;
            }
        }
        return (articles, failed);
    }

    private static List<EvalQuestion> ReadQuestions(string path) =>
    [
        .. File.ReadLines(path)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => JsonSerializer.Deserialize<EvalQuestion>(line) ?? throw new InvalidDataException($"{path}: a line is not a question object.")),
    ];

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*")]
    private static partial Regex WordPattern();
}
