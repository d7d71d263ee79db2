using System.Diagnostics;

namespace SupportBot.Benchmarks.Load;

/// When one turn was sent and when its reply arrived (Stopwatch timestamps); no Received: no reply in time.
internal readonly record struct TurnTiming(long Sent, long? Received);

/// Closed-loop load: each of N workers sends a turn, waits for its reply (and, with a think time, as long again as a
/// customer takes to read and type), and sends the next, until the window closes. Each worker's first turn runs before the clock starts (first calls load code and open connections on
/// both sides; botbuilder-js takes seconds over its first); turns sent during the warm-up are not counted; turns sent in the window count when their reply
/// arrives within it (throughput) and are listed as unanswered when it never does.
internal static class ClosedLoop
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    /// cpu: the processor time used so far by every process taking part (bot, load generator, sink), read at the
    /// window's start and end; onWindow(true) and onWindow(false) run right after those reads.
    public static async Task<(TurnStats Stats, double Seconds, TimeSpan Cpu)> RunAsync(
        int concurrency, TimeSpan warmup, TimeSpan window, Func<int, int, Task<TurnTiming>> turn, Func<TimeSpan> cpu, Func<bool, Task>? onWindow = null,
        TimeSpan think = default)
    {
        var stats = new TurnStats();
        var primed = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => turn(worker, 0)));
        if (primed.Any(t => t.Received is null))
        {
            stats.AddUnanswered();
        }
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var cpuUsed = Task.Run(async () =>
        {
            await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureFrom));
            var before = cpu();
            if (onWindow is not null)
            {
                await onWindow(true);
            }
            await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), end));
            var used = cpu() - before;
            if (onWindow is not null)
            {
                await onWindow(false);
            }
            return used;
        });
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var n = 1; Stopwatch.GetTimestamp() < end; n++)
            {
                if (think > TimeSpan.Zero)
                {
                    // A customer reads the answer and types the next message: half to one and a half times the mean.
                    await Task.Delay(think * (0.5 + random.NextDouble()));
                }
                var timing = await turn(worker, n);
                if (timing.Sent < measureFrom)
                {
                    continue;
                }
                if (timing.Received is not { } received)
                {
                    stats.AddUnanswered();
                }
                else if (received <= end)
                {
                    stats.Add(timing.Sent, received);
                }
            }
        }));
        await Task.WhenAll(workers);
        return (stats, window.TotalSeconds, await cpuUsed);
    }
}
