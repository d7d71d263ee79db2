using System.Diagnostics;
using SupportBot.Analytics;
using SupportBot.Analytics.Demo;
using SupportBot.Touchpoints;

namespace SupportBot.Benchmarks.Insight;

/// The satisfaction analysis's own cost: demo journeys generated in memory (no store), assembled as the reader
/// would, then the drivers (features, raw differences, the adjusted model, q-values) and one customer comparison,
/// each timed over several runs after one warm-up run. The store's read of the range is not in these figures.
internal static class InsightCommand
{
    public const string Usage = "insight [--journeys 10000,100000] [--days 365] [--runs 5] [--seed 42]";

    public static Task<int> RunAsync(CommandOptions options, Action<string> progress)
    {
        var runs = options.Int("--runs", 5);
        var days = options.Int("--days", 365);
        var seed = options.Int("--seed", 42);
        var table = new TextTable("journeys", "rated", "step", "runs", "p50 ms", "p95 ms", "managed MB");
        foreach (var journeys in options.IntList("--journeys", 10_000))
        {
            progress($"generating {journeys} journeys over {days} days");
            var generator = new DemoJourneys(new Random(seed), DateTimeOffset.UtcNow, days);
            var log = new List<Touchpoint>();
            for (var n = 0; n < journeys; n++)
            {
                log.AddRange(generator.Journey(n, journeys));
            }
            var conversations = Assemble(log);
            var features = new DriverFeatures(DriverFeatures.DefaultWaitMinutes, 0.5, Words);
            var rated = 0;
            var pair = CustomerComparison.SuggestPair(conversations);
            foreach (var (step, work) in new (string, Action)[]
                     {
                         ("drivers", () => rated = SatisfactionDrivers.Rank(conversations, features).Ratings),
                         ("compare", () => CustomerComparison.Compare(conversations, features, pair!.Value.First, pair.Value.Second)),
                     })
            {
                progress($"{journeys} journeys: {step}");
                // One untimed run first: the first calls run before the JIT has optimised them.
                work();
                var times = new List<double>();
                for (var run = 0; run < runs; run++)
                {
                    var clock = Stopwatch.StartNew();
                    work();
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
                var summary = LatencySummary.From(times);
                table.Add(journeys.ToString(System.Globalization.CultureInfo.InvariantCulture), rated.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    step, runs.ToString(System.Globalization.CultureInfo.InvariantCulture), TextTable.Ms(summary.P50), TextTable.Ms(summary.P95),
                    TextTable.Number(GC.GetTotalMemory(false) / 1e6, "0"));
            }
        }
        Console.WriteLine(table);
        return Task.FromResult(0);
    }

    private static IReadOnlyList<ConversationJourney> Assemble(List<Touchpoint> log)
    {
        var first = log.Where(t => t.Kind == TouchpointKind.CustomerMessage).GroupBy(t => t.CustomerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(t => t.OccurredAt), StringComparer.Ordinal);
        var purchasers = log.Where(t => t.Kind == TouchpointKind.Purchase).Select(t => t.CustomerId).ToHashSet(StringComparer.Ordinal);
        return AnalyticsReader.Assemble(log, first, purchasers, Segments.All);
    }

    // Plain words stand in for the knowledge index's analyser, which the benchmark does not load.
    private static HashSet<string> Words(string question) => question.ToLowerInvariant()
        .Split([' ', '?', '!', '.', ','], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3).ToHashSet(StringComparer.Ordinal);
}
