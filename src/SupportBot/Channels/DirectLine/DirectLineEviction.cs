using Microsoft.Extensions.Options;

namespace SupportBot.Channels.DirectLine;

/// Keeps memory flat however many conversations a host has seen: idle ones leave the cache and come back from
/// the store when their customer returns.
internal sealed partial class DirectLineEviction(
    DirectLineStore store,
    IOptions<DirectLineOptions> options,
    TimeProvider time,
    ILogger<DirectLineEviction> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = TimeSpan.FromMinutes(options.Value.CacheIdleMinutes);
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var evicted = store.EvictIdle(time.GetUtcNow() - idle);
                if (evicted > 0)
                {
                    LogEvicted(logger, evicted, store.CachedConversations);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Evicted {Evicted} idle Direct Line conversations from memory; {Cached} remain")]
    private static partial void LogEvicted(ILogger logger, int evicted, int cached);
}
