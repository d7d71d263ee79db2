using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SupportBot.Redis;

namespace SupportBot.Channels.DirectLine;

/// Drops erased or expired Direct Line conversations from the memory of every instance, so that none serves their
/// transcript again: this one at once, the others through Redis when it is configured (one message naming the
/// conversations, as DirectLineFanOut tells of appends). Without Redis there is one instance and nobody to tell.
internal sealed partial class ForgottenConversations(
    DirectLineStore directLine, IOptions<RedisOptions> redisOptions, ILogger<ForgottenConversations> logger, IConnectionMultiplexer? redis = null)
    : BackgroundService
{
    private readonly IConnectionMultiplexer? _redis = redis;
    private readonly RedisChannel _channel = RedisChannel.Literal(redisOptions.Value.Name("directline:forgotten"));

    /// Call once the conversations are deleted from the store: an instance told earlier would reload them.
    public async Task ForgetAsync(IReadOnlyCollection<string> conversationIds)
    {
        if (conversationIds.Count == 0)
        {
            return;
        }
        directLine.Forget(conversationIds);
        if (_redis is null)
        {
            return;
        }
        try
        {
            await _redis.GetSubscriber().PublishAsync(_channel, string.Join('\n', conversationIds));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The rows are gone; another instance still holding one drops it once idle (DirectLineEviction).
            LogNotPublished(logger, ex, conversationIds.Count);
        }
    }

    /// An instance may start while Redis is down: it subscribes once Redis answers, and the client library keeps
    /// the subscription across reconnects.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_redis is null)
        {
            return;
        }
        try
        {
            while (true)
            {
                try
                {
                    await _redis.GetSubscriber().SubscribeAsync(_channel, (_, message) => directLine.Forget(((string)message!).Split('\n')));
                    return;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other instances to forget {Count} conversations; they drop them from memory once idle")]
    private static partial void LogNotPublished(ILogger logger, Exception exception, int count);
}
