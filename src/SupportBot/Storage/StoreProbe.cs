namespace SupportBot.Storage;

/// Decides whether the store is out of reach once a request met a connection-level failure: asks PostgreSQL a
/// trivial query every second until it answers. One log line when the store is found down, one when it answers
/// again, however many requests were refused in between.
internal sealed partial class StoreProbe(Database database, TimeProvider time, ILogger<StoreProbe> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var availability = database.Availability;
        try
        {
            while (true)
            {
                await availability.WaitForSuspicionAsync(stoppingToken);
                // Pooled connections to a server that went away are dead; a fresh one tells the truth.
                database.DropIdleConnections();
                var since = time.GetUtcNow();
                while (await ProbeFailureAsync(stoppingToken) is { } failure)
                {
                    if (availability.IsAvailable)
                    {
                        availability.MarkDown();
                        LogUnavailable(logger, failure, database.Description, (int)StoreAvailability.RetryAfter.TotalSeconds);
                    }
                    // Real time: this waits on a real server, whatever clock the application's times come from.
                    await Task.Delay(Interval, stoppingToken);
                }
                if (!availability.IsAvailable)
                {
                    database.DropIdleConnections();
                    LogAvailableAgain(logger, database.Description, (time.GetUtcNow() - since).TotalSeconds);
                }
                availability.MarkUp();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<Exception?> ProbeFailureAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.ProbeAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Any other error came from a server that answered.
            return StoreAvailability.IsOutage(ex) ? ex : null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The store {Store} does not answer; requests that need it are refused with 503 (Retry-After {RetryAfterSeconds} s) until it does")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string store, int retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store {Store} answers again after {Seconds:0.0} s; requests are served")]
    private static partial void LogAvailableAgain(ILogger logger, string store, double seconds);
}
