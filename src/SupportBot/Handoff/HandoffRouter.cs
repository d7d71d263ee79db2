using Microsoft.Extensions.Options;

namespace SupportBot.Handoff;

/// Runs round robin on this instance: when poked (a resolve, transfer or cancel here, an agent back online here) and
/// every Routing:SweepSeconds, which catches what other instances freed. Off while every queue is manual.
internal sealed partial class HandoffRouter(HandoffService handoffs, RoutingSignal signal, IOptions<RoutingOptions> options, ILogger<HandoffRouter> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.AnyRoundRobin)
        {
            return;
        }
        var interval = TimeSpan.FromSeconds(options.Value.SweepSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(interval, stoppingToken);
                var assigned = await handoffs.AssignWaitingAsync(stoppingToken);
                if (assigned > 0)
                {
                    LogAssigned(logger, assigned);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store or a channel failed; the next sweep tries again.
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Round robin assigned {Count} waiting conversations")]
    private static partial void LogAssigned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round robin could not assign waiting conversations; the next sweep tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
