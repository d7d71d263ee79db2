using System.Data.Common;

namespace SupportBot.Conversations;

/// Keeps the inbox small: an hourly sweep of finished activities older than a week.
internal sealed class InboundActivityPruning(InboundActivities inbox, TimeProvider time) : BackgroundService
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
                    await inbox.PruneAsync(time.GetUtcNow() - Retention, stoppingToken);
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
