using StackExchange.Redis;

namespace SupportBot.Channels.DirectLine;

/// Pushes what other instances appended to the WebSockets this instance holds, and closes those whose token another
/// instance revoked. An instance may start while Redis
/// is down (/readyz says so): it subscribes once Redis answers, and the client library keeps the subscription
/// across reconnects.
internal sealed partial class DirectLineRelay(DirectLineFanOut fanOut, DirectLineStore store, ILogger<DirectLineRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await fanOut.SubscribeAsync(DeliverAsync, store.CloseRevoked);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task DeliverAsync(string conversationId, string? typing)
    {
        try
        {
            await store.DeliverAsync(conversationId, typing, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The socket's next notice or the client's reconnect with its watermark catches up.
            LogDeliveryFailed(logger, ex, conversationId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push new activities of conversation {ConversationId} to its stream")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string conversationId);
}
