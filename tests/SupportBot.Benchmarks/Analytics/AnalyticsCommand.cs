using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Analytics;
using SupportBot.Analytics.Demo;
using SupportBot.Benchmarks.Load;

namespace SupportBot.Benchmarks.Analytics;

/// The dashboard's endpoints over a year of demo journeys: seeds them into a fresh store (a temporary SQLite file,
/// or the PostgreSQL database --postgres names, whose demo rows are replaced), times the rollup's catch-up over them,
/// then requests each endpoint for the whole range over HTTP, one untimed request first, and prints p50/p95 and the
/// host's peak resident memory while the endpoints ran (the peak is reset after seeding). --database names a SQLite
/// file to use instead (kept afterwards); with --no-seed its demo data (from seed-demo or an earlier run) is reused.
internal static class AnalyticsCommand
{
    public const string Usage =
        "analytics [--journeys 100000] [--days 365] [--runs 10] [--endpoints overview,drivers] [--postgres <connection string>] [--database <file> [--no-seed]]";

    private const string SupervisorKey = "analytics-benchmark-supervisor-key-0123";

    public static async Task<int> RunAsync(CommandOptions options, Action<string> progress)
    {
        var journeys = options.Int("--journeys", 100_000);
        var days = options.Int("--days", 365);
        var runs = options.Int("--runs", 10);
        var endpoints = (options.Text("--endpoints") ?? "overview,drivers,compare,kb-gaps,questions,outcomes").Split(',');
        var settings = new Dictionary<string, string?>
        {
            ["Agents:ApiKeys:0:Key"] = SupervisorKey,
            ["Agents:ApiKeys:0:Agent"] = "benchmark",
            ["Agents:ApiKeys:0:Role"] = "supervisor",
            ["Knowledge:IngestOnStart"] = "false",
        };
        if (options.Text("--postgres") is { } postgres)
        {
            settings["Storage:Provider"] = "postgres";
            settings["Storage:ConnectionString"] = postgres;
        }
        else if (options.Text("--database") is { } file)
        {
            settings["Storage:ConnectionString"] = $"Data Source={Path.GetFullPath(file)}";
        }
        using var host = InProcessSupportBot.Start(settings);
        var store = options.Has("--postgres") ? "postgres" : "sqlite";
        if (!options.Has("--no-seed"))
        {
            progress($"seeding {journeys} journeys over {days} days into {store}");
            var clock = Stopwatch.StartNew();
            var written = await host.Services.GetRequiredService<DemoSeeder>().SeedAsync(journeys, days, seed: 42);
            progress($"seeded {written} touchpoints in {clock.Elapsed.TotalSeconds:0} s");
        }
        // The rollup's catch-up over everything seeded (or, with --no-seed, whatever is new since the last one).
        var build = Stopwatch.StartNew();
        await host.Services.GetRequiredService<AnalyticsRollup>().CatchUpAsync(CancellationToken.None);
        progress($"rollup caught up in {build.Elapsed.TotalSeconds:0.0} s");
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", SupervisorKey);
        var now = DateTimeOffset.UtcNow;
        var range = $"from={now.AddDays(-days):yyyy-MM-dd}&to={now:yyyy-MM-dd}";
        ResetPeakMemory();
        var table = new TextTable("store", "journeys", "endpoint", "runs", "first ms", "p50 ms", "p95 ms", "peak RSS MB");
        foreach (var endpoint in endpoints)
        {
            progress($"{endpoint}: {runs} requests after one untimed");
            var first = await TimeAsync(http, $"/api/analytics/{endpoint}?{range}");
            var times = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                times.Add(await TimeAsync(http, $"/api/analytics/{endpoint}?{range}"));
            }
            var summary = LatencySummary.From(times);
            table.Add(store, journeys.ToString(CultureInfo.InvariantCulture), endpoint, runs.ToString(CultureInfo.InvariantCulture), TextTable.Ms(first),
                TextTable.Ms(summary.P50), TextTable.Ms(summary.P95), TextTable.Number(PeakResidentBytes() / 1e6, "0"));
        }
        Console.WriteLine(table);
        return 0;
    }

    private static async Task<double> TimeAsync(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        return clock.Elapsed.TotalMilliseconds;
    }

    // Linux: writing 5 to clear_refs resets the peak resident set (VmHWM), so the figure is the endpoints', not the seeding's.
    private static void ResetPeakMemory()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static long PeakResidentBytes()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? Process.GetCurrentProcess().PeakWorkingSet64
            : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
