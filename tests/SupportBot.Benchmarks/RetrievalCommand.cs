using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace SupportBot.Benchmarks;

/// retrieval: Lucene and SQLite FTS5 on generated corpora (speed) and on a labelled set (quality).
internal static class RetrievalCommand
{
    public const string Usage = "retrieval [--knowledge <dir> --questions <file.jsonl>] [--sizes 1000,10000,100000] [--queries 500] [--seed 42]";

    public static async Task<int> RunAsync(CommandOptions options, Action<string> progress)
    {
        var knowledge = options.Text("--knowledge");
        var questions = options.Text("--questions");
        if ((knowledge is null) != (questions is null) || (knowledge is not null && (!Directory.Exists(knowledge) || !File.Exists(questions))))
        {
            await Console.Error.WriteLineAsync("error: --knowledge must name a folder and --questions a file, both or neither. " + Usage);
            return 2;
        }
        var sizes = (options.Text("--sizes") ?? "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var queryCount = options.Int("--queries", 500);
        var seed = options.Int("--seed", 42);

        var lucene = typeof(Lucene.Net.Index.IndexWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split(' ', '+')[0];
        Console.WriteLine($"Retrieval benchmark: Lucene.Net {lucene}, SQLite {Fts5Index.SqliteVersion()}, {RuntimeInformation.FrameworkDescription}, " +
            $"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores{(Debugger.IsAttached ? ", debugger attached" : string.Empty)}");
        Console.WriteLine();

        var speed = RetrievalSpeed.Run(sizes, queryCount, seed, progress);
        var speedTable = new TextTable("sections", "words/section", "engine", "build ms", "p50 ms", "p95 ms", "p99 ms", "mean ms");
        foreach (var r in speed)
        {
            speedTable.Add(r.Sections.ToString("N0", CultureInfo.InvariantCulture), TextTable.Number(r.AverageWords, "0"), r.Engine,
                TextTable.Number(r.BuildMs, "0"), TextTable.Ms(r.Latency.P50), TextTable.Ms(r.Latency.P95), TextTable.Ms(r.Latency.P99), TextTable.Ms(r.Latency.Mean));
        }
        Console.WriteLine($"1. Speed on generated corpora ({queryCount} timed 3-6-term OR queries per row after 100 warm-up queries, top 10, seed {seed})");
        Console.WriteLine();
        Console.WriteLine(speedTable);

        if (knowledge is not null && questions is not null)
        {
            var quality = RetrievalQuality.Run(Path.GetFullPath(knowledge), Path.GetFullPath(questions), progress);
            var qualityTable = new TextTable("variant", "recall@5", "found / answerable", "mean ms", "p95 ms");
            foreach (var r in quality.Results)
            {
                qualityTable.Add(r.Variant, TextTable.Number(r.RecallAt5, "0.000"), $"{r.Found} / {r.Answerable}", TextTable.Ms(r.Latency.Mean), TextTable.Ms(r.Latency.P95));
            }
            Console.WriteLine($"2. Quality on the labelled set ({quality.Articles:N0} articles, {quality.Sections:N0} sections, {quality.Failed} unreadable; " +
                $"build: Lucene {quality.LuceneBuildMs:0} ms, FTS5 {quality.Fts5BuildMs:0} ms)");
            Console.WriteLine();
            Console.WriteLine(qualityTable);
        }
        return 0;
    }
}
