using System.Collections.Concurrent;
using Process = System.Diagnostics.Process;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace SupportBot.Benchmarks.Soak;

/// The process's managed heap after a full, blocking collection, and its working set: once after the warm-up
/// (the baseline), every interval under load, and once more after the drain. The process holds the host and the
/// soak's own clients, sink, fake model and ledger; the ledger keeps ids and counts only.
internal sealed class MemorySampler(Action<string> progress)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Sample> _samples = new();

    public sealed record Sample(double Seconds, string Phase, long HeapBytes, long WorkingSetBytes);

    public IReadOnlyList<Sample> Samples => [.. _samples];

    public async Task RunAsync(TimeSpan warmup, TimeSpan interval, CancellationToken stop)
    {
        try
        {
            await Task.Delay(warmup, stop);
            Take("after warm-up");
            while (true)
            {
                await Task.Delay(interval, stop);
                Take("under load");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public Sample Take(string phase)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        var sample = new Sample(_clock.Elapsed.TotalSeconds, phase, GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
        _samples.Enqueue(sample);
        progress($"memory ({phase}): heap {sample.HeapBytes / 1048576.0:0.0} MB, working set {sample.WorkingSetBytes / 1048576.0:0} MB");
        return sample;
    }

    /// Growth per minute under steady load: the least-squares slope through the samples from the baseline to the
    /// last one under load (the drain is not load).
    public static (double HeapPerMinute, double WorkingSetPerMinute) GrowthPerMinute(IReadOnlyList<Sample> samples)
    {
        var load = samples.Where(s => s.Phase != "after drain").ToList();
        if (load.Count < 2)
        {
            return (double.NaN, double.NaN);
        }
        double Slope(Func<Sample, double> y)
        {
            var meanX = load.Average(s => s.Seconds);
            var meanY = load.Average(y);
            var covariance = load.Sum(s => (s.Seconds - meanX) * (y(s) - meanY));
            var variance = load.Sum(s => (s.Seconds - meanX) * (s.Seconds - meanX));
            return variance == 0 ? double.NaN : covariance / variance * 60;
        }
        return (Slope(s => s.HeapBytes), Slope(s => s.WorkingSetBytes));
    }
}
