using Microsoft.Extensions.Options;

namespace SupportBot.Doctor;

/// Runs doctor's checks once the host has started and logs each failure as a warning, so a wrong Bot: setting is
/// seen in the first minute of the log rather than as dead letters in the outbox. The language model is left out
/// here: checking it costs a completion on every start of every instance (the `doctor` command checks it).
internal sealed partial class DoctorAtStart(DeploymentDoctor doctor, IOptions<DoctorOptions> options, ILogger<DoctorAtStart> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.AtStart)
        {
            return;
        }
        try
        {
            foreach (var check in await doctor.RunAsync(includeLanguageModel: false, stoppingToken))
            {
                if (check.Outcome == CheckOutcome.Failed)
                {
                    LogFailed(logger, check.Name, check.Detail);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment check failed: {Check}: {Detail} (run the doctor command for the whole checklist)")]
    private static partial void LogFailed(ILogger logger, string check, string detail);
}
