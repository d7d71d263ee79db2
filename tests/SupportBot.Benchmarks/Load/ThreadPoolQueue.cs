namespace SupportBot.Benchmarks.Load;

/// The thread pool's queue (work items waiting for a thread) sampled every 10 ms while a row is measured: a queue
/// that grows means work waits for threads (blocking calls starve the pool), whatever the processor does.
internal sealed class ThreadPoolQueue
{
    private readonly List<long> _samples = [];
    private int _threadsMax;

    public async Task SampleAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                lock (_samples)
                {
                    _samples.Add(ThreadPool.PendingWorkItemCount);
                    _threadsMax = Math.Max(_threadsMax, ThreadPool.ThreadCount);
                }
                await Task.Delay(10, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public (double Mean, long Max, int ThreadsMax) Summary()
    {
        lock (_samples)
        {
            return _samples.Count == 0 ? (0, 0, _threadsMax) : (_samples.Average(), _samples.Max(), _threadsMax);
        }
    }
}
