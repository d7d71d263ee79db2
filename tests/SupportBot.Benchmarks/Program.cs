using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using SupportBot.Benchmarks;

// retrieval [--knowledge <dir> --questions <file.jsonl>] [--sizes 1000,10000,100000] [--queries 500] [--seed 42]
// Progress goes to stderr, one line per stage; the tables go to stdout.
const string Usage = "usage: retrieval [--knowledge <dir> --questions <file.jsonl>] [--sizes 1000,10000,100000] [--queries 500] [--seed 42]";
if (args.Length == 0 || args[0] != "retrieval" || args.Length % 2 == 0)
{
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}
var knowledge = options.GetValueOrDefault("--knowledge");
var questions = options.GetValueOrDefault("--questions");
if ((knowledge is null) != (questions is null) || (knowledge is not null && (!Directory.Exists(knowledge) || !File.Exists(questions))))
{
    await Console.Error.WriteLineAsync("error: --knowledge must name a folder and --questions a file, both or neither. " + Usage);
    return 2;
}
var sizes = options.GetValueOrDefault("--sizes", "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
var queryCount = int.Parse(options.GetValueOrDefault("--queries", "500"), CultureInfo.InvariantCulture);
var seed = int.Parse(options.GetValueOrDefault("--seed", "42"), CultureInfo.InvariantCulture);

var clock = Stopwatch.StartNew();
void Progress(string stage) => Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {stage}");

var lucene = typeof(Lucene.Net.Index.IndexWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split(' ', '+')[0];
Console.WriteLine($"Retrieval benchmark: Lucene.Net {lucene}, SQLite {Fts5Index.SqliteVersion()}, {RuntimeInformation.FrameworkDescription}, " +
    $"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores{(Debugger.IsAttached ? ", debugger attached" : string.Empty)}");
Console.WriteLine();

var speed = RetrievalSpeed.Run(sizes, queryCount, seed, Progress);
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
    var quality = RetrievalQuality.Run(Path.GetFullPath(knowledge), Path.GetFullPath(questions), Progress);
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
Progress("done");
return 0;
