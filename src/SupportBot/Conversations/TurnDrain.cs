namespace SupportBot.Conversations;

/// Graceful shutdown: the web server stops taking requests first, then this waits for the turns already accepted
/// to finish (their answers sent and logged), up to the host's shutdown timeout (Hosting:ShutdownTimeoutSeconds).
internal sealed partial class TurnDrain(ConversationLanes lanes, ILogger<TurnDrain> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (lanes.Pending > 0)
        {
            LogDraining(logger, lanes.Pending);
        }
        try
        {
            await lanes.DrainAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogAborted(logger, lanes.Pending);
            lanes.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Finishing {Turns} turns before shutting down")]
    private static partial void LogDraining(ILogger logger, int turns);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown timed out with {Turns} turns unfinished; they are cancelled")]
    private static partial void LogAborted(ILogger logger, int turns);
}
