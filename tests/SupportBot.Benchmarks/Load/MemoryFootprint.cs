using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Replies;
using Process = System.Diagnostics.Process;

namespace SupportBot.Benchmarks.Load;

/// Memory per turn and per conversation in a fresh in-process host. Allocation is GC.GetTotalAllocatedBytes(true)
/// over every thread, so it is read with nothing else running: small-talk turns one after another, first
/// through the turn handler alone (the server's own cost), then through /api/messages (adding Kestrel, the
/// HTTP client and the connector sink, all in this process). Then Direct Line conversations are started and
/// held (one message each, answered), and the managed heap and the working set compared before and after.
internal static class MemoryFootprint
{
    private const int WarmupTurns = 50;

    public sealed record Result(int Turns, double HandlerBytesPerTurn, double HttpBytesPerTurn, int Conversations,
        long HeapBefore, long HeapAfter, long WorkingSetBefore, long WorkingSetAfter);

    public static InboundTurn Turn(string conversation, string text, IActivitySender sender) => new(new Activity
    {
        Type = ActivityTypes.Message,
        Id = "m1",
        ChannelId = "emulator",
        ServiceUrl = "http://127.0.0.1:1/",
        Locale = "en-US",
        Conversation = new ConversationAccount { Id = conversation },
        From = new ChannelAccount { Id = "customer-1", Role = "user" },
        Recipient = new ChannelAccount { Id = "supportbot", Role = "bot" },
        Text = text,
    }, sender, DateTimeOffset.UtcNow);

    public static async Task<Result> MeasureAsync(HttpClient http, ConnectorSink sink, int turns, int conversations, Action<string> progress)
    {
        using var host = InProcessSupportBot.Start();
        progress($"memory: {turns} small-talk turns through the turn handler");
        var handler = host.Services.GetRequiredService<TurnHandler>();
        var sender = new CountingSender();
        var handlerBytes = await AllocatedPerTurnAsync(turns, n => handler.HandleAsync(Turn($"mem-handler-{n}", "hi", sender), CancellationToken.None));

        progress($"memory: {turns} small-talk turns through /api/messages");
        var driver = new BotFrameworkDriver(http, host.BaseUrl + "/api/messages", sink, ["hi"], "mem-http-");
        var httpBytes = await AllocatedPerTurnAsync(turns, async n =>
        {
            if ((await driver.TurnAsync(0, n)).Received is null)
            {
                throw new InvalidOperationException("A small-talk turn got no reply.");
            }
        });

        progress($"memory: starting and holding {conversations:N0} Direct Line conversations");
        var (heapBefore, workingSetBefore) = Footprint();
        var next = -1;
        var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < conversations)
            {
                await using var session = await DirectLineDriver.Session.StartAsync(http, host.BaseUrl, InProcessSupportBot.DirectLineSecret, openStream: false);
                if (await session.PostAsync("hi") is null)
                {
                    throw new InvalidOperationException("Direct Line refused a message.");
                }
            }
        }));
        await Task.WhenAll(workers);
        await host.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        var (heapAfter, workingSetAfter) = Footprint();
        return new Result(turns, handlerBytes, httpBytes, conversations, heapBefore, heapAfter, workingSetBefore, workingSetAfter);
    }

    private static async Task<double> AllocatedPerTurnAsync(int turns, Func<int, Task> turn)
    {
        for (var n = 0; n < WarmupTurns; n++)
        {
            await turn(turns + n);
        }
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var n = 0; n < turns; n++)
        {
            await turn(n);
        }
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)turns;
    }

    private static (long Heap, long WorkingSet) Footprint()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }
}
