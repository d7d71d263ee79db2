using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Touchpoints;

namespace SupportBot.Benchmarks.Load;

/// What the search index adds to a touchpoint write, without the rest of a turn around it: two hosts on the same
/// store engine, one with the index and one without, append the same turns (the customer's message and the bot's
/// answer in one statement, as a turn does) in alternating rounds, the order flipped every round so that the
/// machine's drift falls on both. Each round's pair gives one ratio; the table reports their median and how
/// many pairs went which way, so noise shows as a split rather than as a figure.
internal static class SearchIndexWrites
{
    private static readonly string[] Words =
    [
        "refund", "password", "invoice", "router", "blinking", "orange", "light", "shipping", "carrier", "warranty", "cookies",
        "verification", "payment", "tagihan", "pesanan", "kirim", "lampu", "kata", "sandi", "garansi", "my", "the", "is", "not", "after",
    ];

    public sealed record Result(string Store, int Rounds, int TouchpointsPerRound, List<double> OffMicros, List<double> OnMicros);

    public static async Task<Result> MeasureAsync(LoopbackServers servers, StoreShape store, int rounds, int turnsPerRound, Action<string> progress)
    {
        using var off = InProcessSupportBot.WithoutServer(servers.SettingsFor(store));
        using var on = InProcessSupportBot.WithoutServer(servers.SettingsFor(store));
        await SearchIndex.TurnOffAsync(off.Services);
        var random = new Random(7);
        var result = new Result(store.Name, rounds, turnsPerRound * 2, [], []);
        // One unmeasured round each: connections opened, statements prepared, the JIT done.
        await AppendAsync(off, random, turnsPerRound / 4, "warm");
        await AppendAsync(on, random, turnsPerRound / 4, "warm");
        for (var round = 0; round < rounds; round++)
        {
            progress($"load: search index writes, {store.Name}, round {round + 1} of {rounds}");
            foreach (var indexed in round % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var elapsed = await AppendAsync(indexed ? on : off, random, turnsPerRound, $"r{round}");
                (indexed ? result.OnMicros : result.OffMicros).Add(elapsed.TotalMicroseconds / (turnsPerRound * 2));
            }
        }
        return result;
    }

    private static async Task<TimeSpan> AppendAsync(InProcessSupportBot host, Random random, int turns, string prefix)
    {
        var store = host.Services.GetRequiredService<TouchpointStore>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < turns; i++)
        {
            var at = DateTimeOffset.UtcNow;
            var conversation = $"index-{prefix}-{i % 50}";
            await store.AppendAsync(
            [
                Step(at, conversation, TouchpointKind.CustomerMessage, Sentence(random, 8)),
                Step(at, conversation, TouchpointKind.BotAnswer, Sentence(random, 30)) with { Confidence = 0.8, LatencyMs = 1 },
            ]);
        }
        return clock.Elapsed;
    }

    private static Touchpoint Step(DateTimeOffset at, string conversation, string kind, string text) => new()
    {
        OccurredAt = at,
        ConversationId = conversation,
        Channel = "directline",
        CustomerId = "customer-" + conversation,
        Kind = kind,
        Text = text,
    };

    // Words from a small vocabulary plus a number: the index gains new terms as well as postings, as real text does.
    private static string Sentence(Random random, int words)
        => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]))
            + " " + random.Next(100_000).ToString(CultureInfo.InvariantCulture);

    public static void Print(IReadOnlyList<Result> results)
    {
        if (results.Count == 0)
        {
            return;
        }
        var table = new TextTable("store", "rounds", "touchpoints/round", "µs/touchpoint off (median)", "µs/touchpoint on (median)",
            "on/off per pair: median", "min", "max", "pairs on slower");
        foreach (var r in results)
        {
            var ratios = r.OnMicros.Zip(r.OffMicros, (on, off) => on / off).Order().ToList();
            table.Add(r.Store, r.Rounds.ToString(CultureInfo.InvariantCulture), r.TouchpointsPerRound.ToString(CultureInfo.InvariantCulture),
                TextTable.Number(Median(r.OffMicros), "0.0"), TextTable.Number(Median(r.OnMicros), "0.0"),
                TextTable.Number(Median(ratios), "0.00") + "x", TextTable.Number(ratios[0], "0.00") + "x", TextTable.Number(ratios[^1], "0.00") + "x",
                $"{ratios.Count(x => x > 1)} of {ratios.Count}");
        }
        Console.WriteLine("4. The search index's cost per touchpoint write: a host without the index (off) and one with it (on) append the same");
        Console.WriteLine("   turns (customer message + bot answer, one statement) in alternating rounds, order flipped each round; wall time per");
        Console.WriteLine("   touchpoint, sequential (one writer), on the same store engine");
        Console.WriteLine();
        Console.WriteLine(table);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
