using System.Runtime.InteropServices;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Benchmarks.Load;
using SupportBot.Conversations;
using SupportBot.FakeOpenAi;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace SupportBot.Benchmarks.Soak;

/// soak: SupportBot in LLM mode on loopback under mixed traffic for a bounded time, while the channel and the model
/// fail at fixed shares; then the turns and the outbox drain and the audit counts lost and duplicated messages.
/// Memory is sampled throughout. Exit code 1 when anything was lost or duplicated, the drain did not finish, or the
/// heap grew like a leak (see LeakSuspected).
internal static class SoakCommand
{
    public const string Usage = "soak [--seconds 60] [--customers 16] [--warmup 10] [--llm-delay-ms 40] [--store sqlite|postgres|postgres+redis] [--instances 1] [--kill-one] [--output report.json]";

    private const string AgentKey = "soak-agent-key-0123456789";
    private const string SecondAgentKey = "soak-agent-key-abcdefghij";
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SettleInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SettleAfter = TimeSpan.FromSeconds(20);

    // A leak, as opposed to caches filling. The host's caches fill during the first two minutes (a Direct Line
    // conversation stays cached a minute after its last activity here, and a conversation lasts up to about a
    // minute), so the heap's floor in the third minute is the baseline; a leak is suspected when the floor in the
    // last minute of the load is more than 1.5 times that. Shorter runs report memory without judging it.
    private static readonly TimeSpan LeakBaselineFrom = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan LeakJudgedAfter = TimeSpan.FromMinutes(4);
    private const double LeakRatio = 1.5;

    public static async Task<int> RunAsync(CommandOptions options, Action<string> progress)
    {
        var seconds = options.Double("--seconds", 60);
        var customers = options.Int("--customers", 16);
        var warmup = TimeSpan.FromSeconds(options.Double("--warmup", Math.Min(10, seconds / 4)));
        var llmDelay = TimeSpan.FromMilliseconds(options.Double("--llm-delay-ms", 40));
        var store = StoreShape.ParseList(options.Text("--store")).Single();
        // Several instances share a conversation's turns only through Redis.
        var instances = store.Redis ? options.Int("--instances", 1) : 1;
        // The last instance runs as a process of its own, killed (kill -9) at 40 % of the run and started again: the
        // turns it had taken must be run by the others, once.
        var killOne = options.Has("--kill-one");
        if (killOne && instances < 2)
        {
            await Console.Error.WriteLineAsync("error: --kill-one needs --store postgres+redis and --instances 2 or more");
            return 2;
        }
        var startedAt = DateTimeOffset.UtcNow;
        var machine = $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores; {store.Name}, {instances} instance(s)" +
            (killOne ? ", one killed (kill -9) and restarted mid-run" : string.Empty);

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        await using var sink = await ConnectorSink.StartAsync();
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Responder = FakeModelAnswers.Respond;
        model.ResponseDelay = llmDelay;
        model.KeepRequests = false;
        progress($"soak: starting SupportBot in LLM mode on {store.Name}, {instances} instance(s)");
        await using var servers = await LoopbackServers.StartAsync([store], progress);
        var settings = servers.SettingsFor(store);
        foreach (var (key, value) in HostSettings(model))
        {
            settings[key] = value;
        }
        if (killOne)
        {
            // A killed instance's turns go to the others once its lease runs out: within the drain, not a minute later.
            // Not much shorter: a turn whose instance stalls longer than its lease (a busy machine while the killed
            // instance starts again) is taken over while it still runs, and then runs twice.
            settings["Conversations:Inbox:Lease"] = "00:00:15";
            settings["Conversations:Inbox:RecoveryInterval"] = "00:00:03";
        }
        await using var host = await Deployment.StartAsync(instances, settings, asProcesses: killOne);
        var ledger = new SoakLedger();
        var faults = new SoakFaults();
        faults.Attach(sink, model);
        sink.OnAccepted += (conversation, activity, _) => ledger.Observe(conversation, "bf", activity);
        var memory = new MemorySampler(progress);

        progress($"soak: {customers} customers for {seconds:0} s, with channel and model faults");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var sampling = memory.RunAsync(warmup, SampleInterval, stop.Token);
        var messagesUrl = host.BaseUrl + "/api/messages";
        var conversations = 0;
        var workers = Enumerable.Range(0, customers).Select(worker => Task.Run(() => new SoakCustomer(async () =>
        {
            var n = Interlocked.Increment(ref conversations);
            return worker % 2 == 0
                ? new BotFrameworkCustomer(http, messagesUrl, sink, $"soak-bf-{worker}-{n}", $"soak-customer-bf-{worker}", ledger)
                : await DirectLineCustomer.StartAsync(http, host.BaseUrl, $"soak-customer-dl-{worker}", ledger);
        }, ledger).RunAsync(stop.Token))).ToList();
        workers.Add(Task.Run(() => new SoakAgent(http, host.BaseUrl, AgentKey, ledger).RunAsync(stop.Token)));
        workers.Add(Task.Run(() => new SoakAgent(http, host.BaseUrl, SecondAgentKey, ledger).RunAsync(stop.Token)));
        var audit = new SoakAudit(host, http);
        var settling = Task.Run(() => SettleAsync(audit, ledger, stop.Token));
        if (killOne)
        {
            workers.Add(KillOneAsync(host, TimeSpan.FromSeconds(seconds * 0.4), ledger, progress));
        }
        await Task.WhenAll(workers);
        var settled = await settling;
        await sampling;
        var lastUnderLoad = memory.Take("end of load");

        progress("soak: faults off; draining the turns and the outbox");
        faults.Stop();
        var drainClock = Stopwatch.StartNew();
        var drained = await DrainAsync(host, progress);
        var drainSeconds = drainClock.Elapsed.TotalSeconds;
        memory.Take("after drain");

        progress("soak: auditing the store and what the clients received");
        var result = await audit.FinishAsync(ledger);
        var samples = memory.Samples;
        var (heapPerMinute, workingSetPerMinute) = MemorySampler.GrowthPerMinute(samples);
        var load = lastUnderLoad.Seconds;
        var baseline = MemorySampler.Floor(samples, LeakBaselineFrom.TotalSeconds, LeakBaselineFrom.TotalSeconds + 60);
        var final = MemorySampler.Floor(samples, load - 60, load);
        var judged = load >= LeakJudgedAfter.TotalSeconds && baseline is > 0 && final is not null;
        var ratio = judged ? final!.Value / (double)baseline!.Value : double.NaN;
        var traffic = ledger.Events.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var (refused, recovered) = faults.Replies;
        traffic["conversations settled during the run"] = settled;
        if (killOne)
        {
            await using var connection = await host.First.Services.GetRequiredService<SupportBot.Storage.Database>().OpenAsync();
            traffic["turns run again by another instance (inbox attempts > 1)"] = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM inbound_activities WHERE attempts > 1");
        }
        var report = new SoakReport(startedAt, machine, seconds, customers, drainSeconds, drained, traffic, result.TouchpointKinds,
            ledger.Statuses, faults.Injected, refused, recovered, result, samples, heapPerMinute, workingSetPerMinute, ratio, judged && ratio > LeakRatio);
        report.Print();
        if (options.Text("--output") is { } output)
        {
            await File.WriteAllTextAsync(output, report.ToJson());
            progress($"soak: report written to {output}");
        }
        if (!report.Passed)
        {
            await Console.Error.WriteLineAsync(
                $"error: soak failed: {result.Lost} lost, {result.Duplicated} duplicated, drain {(drained ? "finished" : "did not finish")}, leak {(report.LeakSuspected ? "suspected" : "not suspected")}");
        }
        return report.Passed ? 0 : 1;
    }

    // Faster timeouts and retries than production, so that faults resolve within a short run; the same code paths.
    private static Dictionary<string, string?> HostSettings(FakeOpenAiServer model) => new()
    {
        ["Llm:Endpoint"] = model.Endpoint,
        ["Llm:ApiKey"] = FakeOpenAiServer.ApiKey,
        ["Llm:ChatModel"] = "soak-chat",
        ["Llm:AttemptTimeoutSeconds"] = "2",
        ["Llm:TotalTimeoutSeconds"] = "6",
        ["Llm:MaxRetryAttempts"] = "1",
        ["Llm:RetryBaseDelaySeconds"] = "0.2",
        // The soak measures the bot, not Teams' global limit of 50 calls a second, which its load would meet.
        ["Bot:Connector:GlobalSendsPerSecond"] = "0",
        ["Bot:Connector:MaxRetryAttempts"] = "1",
        ["Bot:Connector:RetryBaseDelay"] = "00:00:00.100",
        ["Bot:Connector:MaxRetryAfter"] = "00:00:01",
        ["Bot:Connector:AttemptTimeout"] = "00:00:02",
        ["Bot:Connector:TotalTimeout"] = "00:00:06",
        ["Bot:Outbox:PollInterval"] = "00:00:00.500",
        ["Bot:Outbox:MaxRetryDelay"] = "00:00:03",
        ["DirectLine:CacheIdleMinutes"] = "1",
        // The injected faults are expected: their retries and fallbacks would bury the report. Errors still show.
        ["Logging:LogLevel:Default"] = "Error",
        ["Logging:LogLevel:Polly"] = "None",
        ["Logging:LogLevel:Microsoft.SemanticKernel"] = "None",
        ["Logging:LogLevel:Answer"] = "None",
        ["Logging:LogLevel:ClassifyMessage"] = "None",
        ["Logging:LogLevel:RewriteQuery"] = "None",
        ["Logging:LogLevel:SummarizeConversation"] = "None",
        ["Agents:ApiKeys:0:Key"] = AgentKey,
        ["Agents:ApiKeys:0:Agent"] = "dewi",
        ["Agents:ApiKeys:0:Name"] = "Dewi",
        ["Agents:ApiKeys:1:Key"] = SecondAgentKey,
        ["Agents:ApiKeys:1:Agent"] = "budi",
        ["Agents:ApiKeys:1:Name"] = "Budi",
    };

    // Every few seconds, the conversations whose customer left a while ago (their last turn, its outbox retries and
    // any late agent note have had time) are checked and, when they pass, dropped from the ledger.
    private static async Task<int> SettleAsync(SoakAudit audit, SoakLedger ledger, CancellationToken stop)
    {
        var settled = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(SettleInterval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            settled += await audit.SettleAsync(ledger, DateTime.UtcNow - SettleAfter);
        }
        return settled;
    }

    private static async Task KillOneAsync(Deployment host, TimeSpan after, SoakLedger ledger, Action<string> progress)
    {
        await Task.Delay(after);
        progress("soak: killing an instance (kill -9) under load");
        var down = await host.KillAndRestartAsync(process: 0, downFor: TimeSpan.FromSeconds(2));
        ledger.Count("instances killed (kill -9) and started again");
        progress($"soak: the killed instance is back after {down.TotalSeconds:0.0} s");
    }

    // Until no turn is queued, running or waiting in the inbox (a killed instance's, until its lease runs out) and the
    // outbox holds nothing pending, or the limit.
    private static async Task<bool> DrainAsync(Deployment host, Action<string> progress)
    {
        var lanes = host.Instances.Select(i => i.Services.GetRequiredService<ConversationLanes>()).ToList();
        var database = host.First.Services.GetRequiredService<SupportBot.Storage.Database>();
        var deadline = DateTime.UtcNow + DrainLimit;
        var (pending, waiting) = (0L, 0L);
        while (DateTime.UtcNow < deadline)
        {
            await using var connection = await database.OpenAsync();
            pending = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM connector_outbox WHERE state = 'pending'");
            waiting = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbound_activities WHERE state = 'pending'");
            if (lanes.All(l => l.Pending == 0) && pending == 0 && waiting == 0)
            {
                return true;
            }
            await Task.Delay(250);
        }
        progress($"soak: not drained after {DrainLimit.TotalSeconds:0} s: {waiting} turns in the inbox, {pending} replies in the outbox");
        return false;
    }
}
