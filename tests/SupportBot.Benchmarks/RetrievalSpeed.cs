using System.Diagnostics;
using SupportBot.Knowledge;

namespace SupportBot.Benchmarks;

internal sealed record SpeedResult(int Sections, double AverageWords, string Engine, double BuildMs, LatencySummary Latency);

/// Build time and per-query latency of both engines on generated corpora. Every query is timed alone, from its
/// words to the top 10 sections: Lucene includes analysing the words, FTS5 includes its own query parsing.
/// A first untimed round on a small corpus builds and queries each engine for a few seconds, so that tiered JIT
/// has promoted the hot paths before anything is timed; each timed row then starts with 100 untimed queries.
internal static class RetrievalSpeed
{
    private const int Top = 10;
    private const int WarmupQueries = 100;
    private static readonly TimeSpan JitWarmup = TimeSpan.FromSeconds(2);

    public static List<SpeedResult> Run(IReadOnlyList<int> sizes, int queryCount, int seed, Action<string> progress)
    {
        var results = new List<SpeedResult>();
        progress("speed: warm-up (1,000 sections, both engines)");
        Measure(new SyntheticCorpus(seed + 1), 1_000, WarmupQueries, progress: null, JitWarmup);

        foreach (var size in sizes)
        {
            results.AddRange(Measure(new SyntheticCorpus(seed), size, queryCount, progress, TimeSpan.Zero));
        }
        return results;
    }

    private static List<SpeedResult> Measure(SyntheticCorpus corpus, int size, int queryCount, Action<string>? progress, TimeSpan warmup)
    {
        progress?.Invoke($"speed: generating {size:N0} sections");
        var sections = corpus.Sections(size);
        var queries = corpus.Queries(sections, WarmupQueries + queryCount);
        var words = sections.Average(s => s.Text.Split(' ').Length + s.Heading.Split(' ').Length);

        progress?.Invoke($"speed: Lucene build + {queryCount} queries on {size:N0} sections");
        SpeedResult lucene;
        using (var index = new KnowledgeIndex())
        {
            var build = Time(() => index.Rebuild(sections), warmup);
            var latency = Queries(queries, warmup, terms => index.Search(Unweighted(index, string.Join(' ', terms)), Top).Count);
            lucene = new SpeedResult(size, words, "Lucene.Net BM25 (KnowledgeIndex)", build, latency);
            index.Rebuild([]);
        }
        Collect();

        progress?.Invoke($"speed: FTS5 build + {queryCount} queries on {size:N0} sections");
        SpeedResult fts5;
        Fts5Index? fts = null;
        try
        {
            var build = Time(() =>
            {
                fts?.Dispose();
                fts = new Fts5Index(sections);
            }, warmup);
            var latency = Queries(queries, warmup, terms => fts!.Search(Fts5Index.OrQuery(terms), Top).Count);
            fts5 = new SpeedResult(size, words, "SQLite FTS5 bm25 (title, body)", build, latency);
        }
        finally
        {
            fts?.Dispose();
        }
        Collect();
        return [lucene, fts5];
    }

    /// The analysed terms of a text, each with weight 1: a plain OR query, as FTS5 gets.
    public static Dictionary<string, double> Unweighted(KnowledgeIndex index, string text) =>
        index.Analyze(text).Distinct(StringComparer.Ordinal).ToDictionary(t => t, _ => 1.0, StringComparer.Ordinal);

    private static LatencySummary Queries(List<string[]> queries, TimeSpan warmup, Func<string[], int> search)
    {
        var found = 0;
        var warmupStart = Stopwatch.GetTimestamp();
        do
        {
            foreach (var terms in queries.Take(WarmupQueries))
            {
                found += search(terms);
            }
        }
        while (Stopwatch.GetElapsedTime(warmupStart) < warmup);
        var timings = new List<double>(queries.Count - WarmupQueries);
        foreach (var terms in queries.Skip(WarmupQueries))
        {
            var start = Stopwatch.GetTimestamp();
            found += search(terms);
            timings.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        GC.KeepAlive(found);
        return LatencySummary.From(timings);
    }

    /// The time of the last of as many runs as fit in <paramref name="warmup"/>, or of the only run.
    private static double Time(Action action, TimeSpan warmup)
    {
        var first = Stopwatch.GetTimestamp();
        long start;
        do
        {
            start = Stopwatch.GetTimestamp();
            action();
        }
        while (Stopwatch.GetElapsedTime(first) < warmup);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
