using System.Diagnostics;
using System.Runtime.InteropServices;
using SupportBot.FakeOpenAi;

namespace SupportBot.Benchmarks.Load;

/// load: SupportBot under closed-loop load on loopback, through /api/messages (replies at a connector sink) and
/// Direct Line (REST post, WebSocket receive), beside Microsoft's botbuilder-js echo bot under the same load.
/// Small talk, a knowledge-base answer, and a knowledge-base answer worded by a fake model with a fixed delay.
/// Then memory: allocation per small-talk turn and the footprint of many held Direct Line conversations.
internal static class LoadCommand
{
    public const string Usage = "load [--seconds 10] [--warmup 3] [--host-warmup 10] [--concurrency 16] [--llm-delay-ms 100] [--memory-turns 2000] [--conversations 10000] [--smoke] [--small-talk-only]";

    private static readonly string[] SmallTalk = ["hi"];

    // Ten questions on ten different articles of the sample knowledge base, none an account action.
    private static readonly string[] Questions =
    [
        "How do I reset my password?",
        "How long until a refund shows up on my card?",
        "What does a solid orange light on the hub mean?",
        "How do I turn on two-step verification?",
        "Which shipping carriers do you use?",
        "What cookies does the website use?",
        "What data do you collect about me?",
        "What does the warranty cover?",
        "Which payment methods do you accept?",
        "How long does international shipping take?",
    ];

    public static async Task<int> RunAsync(CommandOptions options, Action<string> progress)
    {
        var smoke = options.Has("--smoke");
        var window = TimeSpan.FromSeconds(options.Double("--seconds", smoke ? 1 : 10));
        var warmup = TimeSpan.FromSeconds(options.Double("--warmup", smoke ? 0.5 : 3));
        // A process just started runs unoptimised code for its first seconds under load (.NET's tiered JIT recompiles
        // what is hot, with profile data, only after it has run a while): each bot gets that long before its first
        // row, as a server that has been up a while would have had.
        var hostWarmup = TimeSpan.FromSeconds(options.Double("--host-warmup", smoke ? 0.5 : 10));
        var concurrency = options.Int("--concurrency", smoke ? 4 : 16);
        var llmDelay = TimeSpan.FromMilliseconds(options.Double("--llm-delay-ms", 100));
        var memoryTurns = options.Int("--memory-turns", smoke ? 100 : 2000);
        // A quick comparison while tuning the turn: the peer, the small-talk rows and allocation per turn only.
        var smallTalkOnly = options.Has("--small-talk-only");
        var conversations = options.Int("--conversations", smoke ? 200 : smallTalkOnly ? 0 : 10_000);

        // Before the header, which names the peer's version: a fresh clone has no node_modules yet.
        await EchoBotPeer.EnsureInstalledAsync(progress);
        Console.WriteLine($"Load benchmark: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, " +
            $"botbuilder {EchoBotPeer.Version()} on node; {concurrency} concurrent customers, {warmup.TotalSeconds:0.#} s warm-up + {window.TotalSeconds:0.#} s measured per row, " +
            $"{hostWarmup.TotalSeconds:0.#} s more before each bot's first row");
        Console.WriteLine();

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        await using var sink = await ConnectorSink.StartAsync();
        var rows = new List<LoadResult>();
        var serverSide = new List<(string Scenario, LatencySummary Latency, int Answers, int Replies)>();

        var warmedBots = new HashSet<string>(StringComparer.Ordinal);

        async Task<LoadResult> Measure(string bot, string channel, string scenario, Func<int, int, Task<TurnTiming>> turn, Process? peer = null)
        {
            var rowWarmup = warmedBots.Add(bot) ? warmup + hostWarmup : warmup;
            progress($"load: {bot}, {channel}, {scenario}");
            var self = Process.GetCurrentProcess();
            TimeSpan Cpu()
            {
                self.Refresh();
                peer?.Refresh();
                return self.TotalProcessorTime + (peer?.TotalProcessorTime ?? TimeSpan.Zero);
            }
            var (stats, seconds, cpu) = await ClosedLoop.RunAsync(concurrency, rowWarmup, window, turn, Cpu);
            var row = new LoadResult(bot, channel, scenario, concurrency, seconds, stats.Answered, stats.Unanswered, stats.Latency(), cpu);
            rows.Add(row);
            return row;
        }

        async Task MeasureHost(InProcessSupportBot host, string mode, bool smallTalk)
        {
            var bot = $"SupportBot ({mode})";
            if (smallTalk)
            {
                var chat = new BotFrameworkDriver(http, host.BaseUrl + "/api/messages", sink, SmallTalk, $"bf-smalltalk-{mode}-");
                await Measure(bot, "/api/messages", "small talk (\"hi\")", chat.TurnAsync);
            }
            if (smallTalkOnly)
            {
                await using var chat = new DirectLineDriver(http, host.BaseUrl, InProcessSupportBot.DirectLineSecret, SmallTalk, concurrency);
                await Measure(bot, "Direct Line", "small talk (\"hi\")", chat.TurnAsync);
                return;
            }
            var prefix = $"bf-kb-{mode}-";
            var kb = new BotFrameworkDriver(http, host.BaseUrl + "/api/messages", sink, Questions, prefix);
            await Measure(bot, "/api/messages", "KB answer", kb.TurnAsync);
            var (latency, answers, replies) = await host.ServerSideAsync(prefix);
            serverSide.Add(($"{bot}, KB answer", LatencySummary.From(latency), answers, replies));
            if (smallTalk)
            {
                await using var chat = new DirectLineDriver(http, host.BaseUrl, InProcessSupportBot.DirectLineSecret, SmallTalk, concurrency);
                await Measure(bot, "Direct Line", "small talk (\"hi\")", chat.TurnAsync);
            }
            await using var questions = new DirectLineDriver(http, host.BaseUrl, InProcessSupportBot.DirectLineSecret, Questions, concurrency);
            await Measure(bot, "Direct Line", "KB answer", questions.TurnAsync);
        }

        await using (var peer = await EchoBotPeer.StartAsync(progress))
        {
            var echo = new BotFrameworkDriver(http, peer.MessagesUrl, sink, SmallTalk, "bf-echo-");
            await Measure("botbuilder-js echo bot", "/api/messages", "echo (\"hi\")", echo.TurnAsync, peer.Process);
        }
        await using (var floor = await MinimalEchoBot.StartAsync())
        {
            var echo = new BotFrameworkDriver(http, floor.MessagesUrl, sink, SmallTalk, "bf-floor-");
            await Measure("ASP.NET Core minimal echo, in process", "/api/messages", "echo (\"hi\")", echo.TurnAsync);
        }
        using (var host = InProcessSupportBot.Start())
        {
            await MeasureHost(host, "extractive", smallTalk: true);
        }
        if (!smallTalkOnly)
        {
            await using var model = await FakeOpenAiServer.StartAsync();
            model.Responder = FakeModelAnswers.Respond;
            model.ResponseDelay = llmDelay;
            using var host = InProcessSupportBot.Start(new Dictionary<string, string?>
            {
                ["Llm:Endpoint"] = model.Endpoint,
                ["Llm:ApiKey"] = FakeOpenAiServer.ApiKey,
                ["Llm:ChatModel"] = "load-chat",
            });
            await MeasureHost(host, $"LLM +{llmDelay.TotalMilliseconds:0} ms", smallTalk: false);
        }

        var memory = await MemoryFootprint.MeasureAsync(http, sink, memoryTurns, conversations, progress);

        Print(rows, serverSide, llmDelay);
        PrintMemory(memory);
        var broken = rows.Where(r => r.Answered == 0 || r.Unanswered > 0).ToList();
        foreach (var row in broken)
        {
            await Console.Error.WriteLineAsync($"error: {row.Bot}, {row.Channel}, {row.Scenario}: {row.Answered} answered, {row.Unanswered} unanswered");
        }
        return broken.Count == 0 ? 0 : 1;
    }

    private static void Print(List<LoadResult> rows, List<(string Scenario, LatencySummary Latency, int Answers, int Replies)> serverSide, TimeSpan llmDelay)
    {
        var peer = rows[0];
        var table = new TextTable("bot", "channel", "turns", "turns/s", "p50 ms", "p95 ms", "p99 ms", "unanswered", "turns/s vs peer", "p99 vs peer", "CPU ms/turn");
        foreach (var r in rows)
        {
            table.Add(r.Bot, r.Channel, r.Scenario, TextTable.Number(r.TurnsPerSecond, "0"), TextTable.Ms(r.Latency.P50), TextTable.Ms(r.Latency.P95),
                TextTable.Ms(r.Latency.P99), r.Unanswered.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TextTable.Number(r.TurnsPerSecond / peer.TurnsPerSecond, "0.00") + "x", TextTable.Number(r.Latency.P99 / peer.Latency.P99, "0.00") + "x",
                TextTable.Number(r.CpuMsPerTurn, "0.00"));
        }
        Console.WriteLine("1. Turns per second and latency (request sent to the reply received at the connector sink or on the WebSocket); CPU ms/turn is the");
        Console.WriteLine("   processor time of every process taking part (bot, load generator and sink) per answered turn");
        Console.WriteLine();
        Console.WriteLine(table);

        var server = new TextTable("bot and scenario", "replies", "KB answers", "p50 ms", "p95 ms", "p99 ms");
        foreach (var (scenario, latency, answers, replies) in serverSide)
        {
            server.Add(scenario, replies.ToString(System.Globalization.CultureInfo.InvariantCulture), answers.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TextTable.Ms(latency.P50), TextTable.Ms(latency.P95), TextTable.Ms(latency.P99));
        }
        if (serverSide.Count == 0)
        {
            return;
        }
        Console.WriteLine($"2. Server-side answer time (the touchpoint's LatencyMs: retrieval, decision and wording; the fake model waits {llmDelay.TotalMilliseconds:0} ms per call)");
        Console.WriteLine();
        Console.WriteLine(server);
    }

    private static void PrintMemory(MemoryFootprint.Result m)
    {
        const double KB = 1024, MB = 1024 * 1024;
        var table = new TextTable("measure", "value");
        table.Add($"allocated per small-talk turn, turn handler only ({m.Turns} turns)", $"{m.HandlerBytesPerTurn / KB:0.0} KB");
        table.Add($"allocated per small-talk turn over /api/messages, with client and sink ({m.Turns} turns)", $"{m.HttpBytesPerTurn / KB:0.0} KB");
        if (m.Conversations > 0)
        {
            table.Add($"managed heap: before / after {m.Conversations:N0} Direct Line conversations", $"{m.HeapBefore / MB:0} / {m.HeapAfter / MB:0} MB");
            table.Add("managed heap per held conversation", $"{(m.HeapAfter - m.HeapBefore) / (double)m.Conversations / KB:0.0} KB");
            table.Add($"working set: before / after {m.Conversations:N0} Direct Line conversations", $"{m.WorkingSetBefore / MB:0} / {m.WorkingSetAfter / MB:0} MB");
        }
        Console.WriteLine("3. Memory (one process: host, load generator and sink; allocation counted on every thread)");
        Console.WriteLine();
        Console.WriteLine(table);
    }
}
