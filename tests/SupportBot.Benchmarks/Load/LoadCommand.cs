using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using SupportBot.FakeOpenAi;

namespace SupportBot.Benchmarks.Load;

/// load: SupportBot under closed-loop load on loopback, through /api/messages (replies at a connector sink) and
/// Direct Line (REST post, WebSocket receive), beside Microsoft's botbuilder-js echo bot under the same load.
/// Small talk, a knowledge-base answer, and a knowledge-base answer worded by a fake model with a fixed delay.
/// Then memory: allocation per small-talk turn and the footprint of many held Direct Line conversations.
internal static class LoadCommand
{
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

    public const string Usage = "load [--seconds 10] [--warmup 3] [--host-warmup 10] [--concurrency 16[,64...]] [--store sqlite[,postgres,postgres+redis]] " +
        "[--instances 1[,2]] [--continuing 1000] [--llm-delay-ms 100] [--memory-turns 2000] [--conversations 10000] [--smoke] [--small-talk-only] [--only \"KB answer\"] [--postgres-options \"Maximum Pool Size=16\"] [--think-ms 0] [--balancer] " +
        "[--search-index off,on[,off,on...] [--index-rounds 10] [--index-turns 500]]";

    public static async Task<int> RunAsync(CommandOptions options, Action<string> progress)
    {
        var smoke = options.Has("--smoke");
        var window = TimeSpan.FromSeconds(options.Double("--seconds", smoke ? 1 : 10));
        var warmup = TimeSpan.FromSeconds(options.Double("--warmup", smoke ? 0.5 : 3));
        // A process just started runs unoptimised code for its first seconds under load (.NET's tiered JIT recompiles
        // what is hot, with profile data, only after it has run a while): each bot gets that long before its first
        // row, as a server that has been up a while would have had.
        var hostWarmup = TimeSpan.FromSeconds(options.Double("--host-warmup", smoke ? 0.5 : 10));
        var concurrencies = options.IntList("--concurrency", smoke ? 4 : 16);
        var stores = StoreShape.ParseList(options.Text("--store"));
        // Several instances behind the balancer need what they share: PostgreSQL for the state, Redis for the order.
        var instanceCounts = options.IntList("--instances", 1);
        // One instance behind the round-robin balancer as well, not only several: the balancer's own cost (it copies
        // every byte, on the same two cores) then weighs on both, and one against two shows what coordination costs.
        var balanced = options.Has("--balancer");
        var llmDelay = TimeSpan.FromMilliseconds(options.Double("--llm-delay-ms", 100));
        var memoryTurns = options.Int("--memory-turns", smoke ? 100 : 2000);
        // /api/messages turns go round this many conversations, so that each continues for many turns.
        var continuing = options.Int("--continuing", smoke ? 50 : 1000);
        // A quick comparison while tuning the turn: the peer, the small-talk rows and allocation per turn only.
        var smallTalkOnly = options.Has("--small-talk-only");
        // Only SupportBot's rows whose scenario names this ("KB answer", "small talk"), beside the peers.
        var only = options.Text("--only");
        // How long each customer takes between a reply and their next message (0: at once, a stress test).
        var think = TimeSpan.FromMilliseconds(options.Double("--think-ms", 0));
        var conversations = options.Int("--conversations", smoke ? 200 : smallTalkOnly ? 0 : 10_000);
        // The console search's index priced: each store's host run with it off and on, in this order (alternate them),
        // then the touchpoint writes alone; the model and memory rows are left out of such a run.
        var indexStates = SearchIndex.ParseStates(options.Text("--search-index"));
        var indexRun = indexStates[0] is not null;

        // Before the header, which names the peer's version: a fresh clone has no node_modules yet. A search-index run
        // compares SupportBot with itself and runs no peer.
        if (!indexRun)
        {
            await EchoBotPeer.EnsureInstalledAsync(progress);
        }
        Console.WriteLine($"Load benchmark: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, " +
            (indexRun ? "no peer" : $"botbuilder {EchoBotPeer.Version()} on node") + $"; {string.Join(" and ", concurrencies)} concurrent customers, {warmup.TotalSeconds:0.#} s warm-up + {window.TotalSeconds:0.#} s measured per row, " +
            $"{hostWarmup.TotalSeconds:0.#} s more before each bot's first row; /api/messages turns go round {continuing:N0} conversations" +
            (think > TimeSpan.Zero ? $"; customers wait {think.TotalMilliseconds:0} ms on average between a reply and their next message" : string.Empty) +
            (balanced ? "; every SupportBot deployment behind the round-robin balancer, one instance too" : string.Empty));
        Console.WriteLine();

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 1024 });
        await using var sink = await ConnectorSink.StartAsync();
        await using var servers = await LoopbackServers.StartAsync(stores, progress, options.Text("--postgres-options"));
        using var roundTrips = new RoundTrips();
        var rows = new List<LoadResult>();
        var serverSide = new List<(string Scenario, LatencySummary Latency, int Answers, int Replies)>();
        var warmedBots = new HashSet<string>(StringComparer.Ordinal);

        async Task Measure(RowKey key, int concurrency, Func<int, int, Task<TurnTiming>> turn, Process? peer = null, Deployment? host = null, IEnumerable<int>? servedBy = null)
        {
            if (only is not null && host is not null && !key.Scenario.Contains(only, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
            var rowWarmup = warmedBots.Add(key.Bot + key.Store + key.Instances) ? warmup + hostWarmup : warmup;
            progress($"load: {key.Bot}, {key.Store}, {key.Instances} instance(s), {key.Channel}, {key.Scenario}, {concurrency} customers");
            var self = Process.GetCurrentProcess();
            var serverPids = servedBy?.ToList() ?? [];
            var redisOperations = 0L;
            var postgresRoundTrips = 0L;
            var serverCpu = TimeSpan.Zero;
            var queue = new ThreadPoolQueue();
            using var sampling = new CancellationTokenSource();
            Task? sampler = null;
            TimeSpan Cpu()
            {
                self.Refresh();
                peer?.Refresh();
                return self.TotalProcessorTime + (peer?.TotalProcessorTime ?? TimeSpan.Zero) + ProcessTreeCpu.Read(serverPids);
            }
            async Task OnWindow(bool start)
            {
                if (start)
                {
                    // Counts so far; at the window's end, what the window added.
                    postgresRoundTrips = roundTrips.Postgres;
                    redisOperations = host?.RedisOperations ?? 0;
                    serverCpu = ProcessTreeCpu.Read(serverPids);
                    sampler = Task.Run(() => queue.SampleAsync(sampling.Token));
                }
                else
                {
                    postgresRoundTrips = roundTrips.Postgres - postgresRoundTrips;
                    redisOperations = (host?.RedisOperations ?? 0) - redisOperations;
                    serverCpu = ProcessTreeCpu.Read(serverPids) - serverCpu;
                    await sampling.CancelAsync();
                    await sampler!;
                }
            }
            var (stats, seconds, cpu) = await ClosedLoop.RunAsync(concurrency, rowWarmup, window, turn, Cpu, OnWindow, think);
            var row = new LoadResult(key, concurrency, seconds, stats.Answered, stats.Unanswered, stats.Latency(), cpu)
            {
                PostgresRoundTrips = postgresRoundTrips,
                RedisCommands = redisOperations,
                ServerCpu = serverCpu,
                Queue = queue.Summary(),
            };
            rows.Add(row);
        }

        async Task MeasureHost(Deployment host, RowKey bot, int concurrency, bool smallTalk, IEnumerable<int> servedBy)
        {
            var mode = $"{bot.Bot}-{bot.Store}-{bot.Instances}-{concurrency}".Replace(' ', '-').Replace('+', '-');
            if (smallTalk)
            {
                var chat = new BotFrameworkDriver(http, host.BaseUrl + "/api/messages", sink, SmallTalk, $"bf-smalltalk-{mode}-", continuing, concurrency);
                await Measure(bot with { Channel = "/api/messages", Scenario = "small talk (\"hi\")" }, concurrency, chat.TurnAsync, host: host, servedBy: servedBy);
            }
            if (smallTalkOnly)
            {
                await using var chat = new DirectLineDriver(http, host.BaseUrl, InProcessSupportBot.DirectLineSecret, SmallTalk, concurrency);
                await Measure(bot with { Channel = "Direct Line", Scenario = "small talk (\"hi\")" }, concurrency, chat.TurnAsync, host: host, servedBy: servedBy);
                return;
            }
            var prefix = $"bf-kb-{mode}-";
            var kb = new BotFrameworkDriver(http, host.BaseUrl + "/api/messages", sink, Questions, prefix, continuing, concurrency);
            await Measure(bot with { Channel = "/api/messages", Scenario = "KB answer" }, concurrency, kb.TurnAsync, host: host, servedBy: servedBy);
            var (latency, answers, replies) = await host.First.ServerSideAsync(prefix);
            serverSide.Add(($"{bot.Bot}, {bot.Store}, {bot.Instances} inst., {concurrency} customers, KB answer", LatencySummary.From(latency), answers, replies));
            if (smallTalk)
            {
                await using var chat = new DirectLineDriver(http, host.BaseUrl, InProcessSupportBot.DirectLineSecret, SmallTalk, concurrency);
                await Measure(bot with { Channel = "Direct Line", Scenario = "small talk (\"hi\")" }, concurrency, chat.TurnAsync, host: host, servedBy: servedBy);
            }
            await using var questions = new DirectLineDriver(http, host.BaseUrl, InProcessSupportBot.DirectLineSecret, Questions, concurrency);
            await Measure(bot with { Channel = "Direct Line", Scenario = "KB answer" }, concurrency, questions.TurnAsync, host: host, servedBy: servedBy);
        }

        foreach (var concurrency in indexRun ? Array.Empty<int>() : concurrencies)
        {
            await using (var peer = await EchoBotPeer.StartAsync(progress))
            {
                var echo = new BotFrameworkDriver(http, peer.MessagesUrl, sink, SmallTalk, $"bf-echo-{concurrency}-");
                await Measure(new RowKey("botbuilder-js echo bot", "-", 1, "/api/messages", "echo (\"hi\")"), concurrency, echo.TurnAsync, peer.Process);
            }
            await using (var floor = await MinimalEchoBot.StartAsync())
            {
                var echo = new BotFrameworkDriver(http, floor.MessagesUrl, sink, SmallTalk, $"bf-floor-{concurrency}-");
                await Measure(new RowKey("ASP.NET Core minimal echo, in process", "-", 1, "/api/messages", "echo (\"hi\")"), concurrency, echo.TurnAsync);
            }
        }
        foreach (var store in stores)
        {
            foreach (var (instances, indexed) in instanceCounts.Where(n => n == 1 || store.Redis).SelectMany(n => indexStates.Select(state => (n, state))))
            {
                await using var host = await Deployment.StartAsync(instances, servers.SettingsFor(store), balanced: balanced);
                if (indexed is false)
                {
                    await SearchIndex.TurnOffAsync(host.First.Services);
                }
                foreach (var concurrency in concurrencies)
                {
                    await MeasureHost(
                        host, new RowKey("SupportBot (extractive)" + SearchIndex.Label(indexed), store.Name, instances, "", ""), concurrency, smallTalk: true, servers.ServerProcessIds(store));
                }
            }
        }
        if (!smallTalkOnly && !indexRun)
        {
            await using var model = await FakeOpenAiServer.StartAsync();
            model.Responder = FakeModelAnswers.Respond;
            model.ResponseDelay = llmDelay;
            foreach (var store in stores)
            {
                var settings = servers.SettingsFor(store);
                settings["Llm:Endpoint"] = model.Endpoint;
                settings["Llm:ApiKey"] = FakeOpenAiServer.ApiKey;
                settings["Llm:ChatModel"] = "load-chat";
                await using var host = await Deployment.StartAsync(1, settings);
                await MeasureHost(host, new RowKey($"SupportBot, LLM +{llmDelay.TotalMilliseconds:0} ms", store.Name, 1, "", ""), concurrencies[0], smallTalk: false, servers.ServerProcessIds(store));
            }
        }

        var writes = new List<SearchIndexWrites.Result>();
        foreach (var store in indexRun ? stores : Array.Empty<StoreShape>())
        {
            writes.Add(await SearchIndexWrites.MeasureAsync(servers, store, options.Int("--index-rounds", smoke ? 2 : 10), options.Int("--index-turns", smoke ? 50 : 500), progress));
        }
        var memory = indexRun ? null : await MemoryFootprint.MeasureAsync(http, sink, memoryTurns, conversations, progress);

        Print(rows, serverSide, llmDelay);
        // A search-index run has each store's rows twice or more (off and on): no row-by-row comparison with SQLite.
        if (!indexRun)
        {
            PrintProductionShape(rows);
        }
        if (memory is not null)
        {
            PrintMemory(memory);
        }
        SearchIndexWrites.Print(writes);
        var broken = rows.Where(r => r.Answered == 0 || r.Unanswered > 0).ToList();
        foreach (var row in broken)
        {
            await Console.Error.WriteLineAsync($"error: {row.Key}: {row.Answered} answered, {row.Unanswered} unanswered");
        }
        return broken.Count == 0 ? 0 : 1;
    }

    private static void Print(List<LoadResult> rows, List<(string Scenario, LatencySummary Latency, int Answers, int Replies)> serverSide, TimeSpan llmDelay)
    {
        var table = new TextTable("bot", "store", "inst.", "customers", "channel", "turns", "turns/s", "p50 ms", "p95 ms", "p99 ms", "unanswered",
            "turns/s vs peer", "p99 vs peer", "CPU ms/turn", "of which servers", "PG trips/turn", "Redis ops/turn", "pool queue mean/max");
        foreach (var r in rows)
        {
            var peer = rows.FirstOrDefault(p => p.Key.Store == "-" && p.Concurrency == r.Concurrency) ?? r;
            table.Add(r.Key.Bot, r.Key.Store, r.Key.Instances.ToString(CultureInfo.InvariantCulture), r.Concurrency.ToString(CultureInfo.InvariantCulture), r.Key.Channel, r.Key.Scenario,
                TextTable.Number(r.TurnsPerSecond, "0"), TextTable.Ms(r.Latency.P50), TextTable.Ms(r.Latency.P95),
                TextTable.Ms(r.Latency.P99), r.Unanswered.ToString(CultureInfo.InvariantCulture),
                TextTable.Number(r.TurnsPerSecond / peer.TurnsPerSecond, "0.00") + "x", TextTable.Number(r.Latency.P99 / peer.Latency.P99, "0.00") + "x",
                TextTable.Number(r.CpuMsPerTurn, "0.00"), r.ServerCpu == TimeSpan.Zero ? "-" : TextTable.Number(r.ServerCpu.TotalMilliseconds / Math.Max(1, r.Answered), "0.00"),
                PerTurn(r, r.PostgresRoundTrips), PerTurn(r, r.RedisCommands),
                $"{r.Queue.Mean:0.0} / {r.Queue.Max}");
        }
        Console.WriteLine("1. Turns per second and latency (request sent to the reply received at the connector sink or on the WebSocket). CPU ms/turn is the");
        Console.WriteLine("   processor time of every process taking part (bots, load generator, sink, and the PostgreSQL and Redis servers) per answered turn,");
        Console.WriteLine("   of which servers: the PostgreSQL and Redis processes' share;");
        Console.WriteLine("   PG trips: commands sent to PostgreSQL (one round trip each); Redis ops: operations sent to Redis; pool queue: work items");
        Console.WriteLine("   waiting for a thread-pool thread, sampled every 10 ms");
        Console.WriteLine();
        Console.WriteLine(table);

        var server = new TextTable("bot and scenario", "replies", "KB answers", "p50 ms", "p95 ms", "p99 ms");
        foreach (var (scenario, latency, answers, replies) in serverSide)
        {
            server.Add(scenario, replies.ToString(CultureInfo.InvariantCulture), answers.ToString(CultureInfo.InvariantCulture),
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

    private static string PerTurn(LoadResult row, long count)
        => row.Key.Store is "-" or "sqlite" && count == 0 ? "-" : TextTable.Number(count / (double)Math.Max(1, row.Answered), "0.00");

    // Each SupportBot row on the other stores beside the same row on SQLite: the production shape's targets.
    private static void PrintProductionShape(List<LoadResult> rows)
    {
        var baseline = rows.Where(r => r.Key.Store == "sqlite").ToDictionary(r => (r.Key.Bot, r.Key.Channel, r.Key.Scenario, r.Concurrency));
        var table = new TextTable("bot", "store", "inst.", "customers", "channel", "turns", "turns/s vs SQLite", "p99 vs SQLite", "p50 ms");
        foreach (var r in rows.Where(r => r.Key.Store is not ("-" or "sqlite")))
        {
            if (baseline.TryGetValue((r.Key.Bot, r.Key.Channel, r.Key.Scenario, r.Concurrency), out var sqlite))
            {
                table.Add(r.Key.Bot, r.Key.Store, r.Key.Instances.ToString(CultureInfo.InvariantCulture), r.Concurrency.ToString(CultureInfo.InvariantCulture), r.Key.Channel,
                    r.Key.Scenario, TextTable.Number(r.TurnsPerSecond / sqlite.TurnsPerSecond, "0.00") + "x", TextTable.Number(r.Latency.P99 / sqlite.Latency.P99, "0.00") + "x",
                    TextTable.Ms(r.Latency.P50));
            }
        }
        if (table.Count == 0)
        {
            return;
        }
        Console.WriteLine("1b. The other stores against SQLite, row by row");
        Console.WriteLine();
        Console.WriteLine(table);
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
