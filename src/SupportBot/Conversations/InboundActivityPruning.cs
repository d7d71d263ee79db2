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
                await inbox.PruneAsync(time.GetUtcNow() - Retention, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
