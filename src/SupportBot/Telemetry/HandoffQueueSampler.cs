using SupportBot.Handoff;

namespace SupportBot.Telemetry;

/// Reads how many conversations wait for an agent from the store, so that every instance reports the whole queue
/// (agents on any instance change it); the gauge hands out the latest count.
internal sealed partial class HandoffQueueSampler(HandoffStore store, TurnTelemetry telemetry, IConfiguration configuration, TimeProvider time, ILogger<HandoffQueueSampler> logger)
    : BackgroundService
{
    public async Task SampleAsync(CancellationToken cancellationToken) => telemetry.QueueLengthIs(await store.CountQueuedAsync(cancellationToken));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("OpenTelemetry:QueueSampleSeconds", 15)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSampleFailed(logger, ex);
            }
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the handoff queue length for the metrics")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}
