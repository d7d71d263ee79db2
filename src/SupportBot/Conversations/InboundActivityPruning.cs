using System.Data.Common;

namespace SupportBot.Conversations;

/// Keeps the de-duplication table small: an hourly sweep of ids older than a week.
internal sealed class InboundActivityPruning(ActivityDeduplicator deduplicator, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await deduplicator.PruneAsync(time.GetUtcNow() - Retention, stoppingToken);
                }
                catch (DbException)
                {
                    // The store is out of reach (StoreProbe logs it); the next sweep prunes what this one missed.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
