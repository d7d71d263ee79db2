namespace SupportBot.Handoff;

/// "A seat may have freed, or an agent arrived": wakes this instance's HandoffRouter at once instead of at its next
/// sweep. Pokes while it runs fold into one more run.
internal sealed class RoutingSignal : IDisposable
{
    private readonly SemaphoreSlim _poked = new(0, 1);
    // One round-robin run at a time on this instance: a run that starts while another is under way waits for it, so
    // when it returns, what the other assigned has been announced too.
    private readonly SemaphoreSlim _running = new(1, 1);

    public async Task<T> ExclusiveAsync<T>(Func<Task<T>> run, CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken);
        try
        {
            return await run();
        }
        finally
        {
            _running.Release();
        }
    }

    public void Poke()
    {
        try
        {
            _poked.Release();
        }
        catch (SemaphoreFullException)
        {
            // A run is due already.
        }
    }

    public void Dispose()
    {
        _poked.Dispose();
        _running.Dispose();
    }

    /// True when poked, false when the interval passed first.
    public Task<bool> WaitAsync(TimeSpan interval, CancellationToken cancellationToken) => _poked.WaitAsync(interval, cancellationToken);
}
