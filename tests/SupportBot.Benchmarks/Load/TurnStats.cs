using System.Collections.Concurrent;
using System.Diagnostics;

namespace SupportBot.Benchmarks.Load;

/// The turns one scenario completed inside its measured window: each turn's latency (request sent to reply
/// received) and the turns that got no reply in time or were refused.
internal sealed class TurnStats
{
    private readonly ConcurrentBag<double> _latencies = [];
    private int _unanswered;

    public int Answered => _latencies.Count;

    public int Unanswered => Volatile.Read(ref _unanswered);

    public void Add(long sent, long received) => _latencies.Add(Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds);

    public void AddUnanswered() => Interlocked.Increment(ref _unanswered);

    public LatencySummary Latency() => LatencySummary.From([.. _latencies]);
}

/// What a row measured: which bot, on which store with how many instances, through which channel, doing what.
internal sealed record RowKey(string Bot, string Store, int Instances, string Channel, string Scenario)
{
    public override string ToString() => $"{Bot}, {Store}, {Instances} instance(s), {Channel}, {Scenario}";
}

/// One row of the load table.
internal sealed record LoadResult(RowKey Key, int Concurrency, double Seconds, int Answered, int Unanswered, LatencySummary Latency, TimeSpan Cpu)
{
    public long PostgresRoundTrips { get; init; }

    public long RedisCommands { get; init; }

    /// The PostgreSQL and Redis processes' share of Cpu.
    public TimeSpan ServerCpu { get; init; }

    public (double Mean, long Max, int ThreadsMax) Queue { get; init; }

    public double TurnsPerSecond => Answered / Seconds;

    /// Processor time per answered turn, all processes taking part: what a turn costs, whatever else the machine does.
    public double CpuMsPerTurn => Answered == 0 ? double.NaN : Cpu.TotalMilliseconds / Answered;
}
