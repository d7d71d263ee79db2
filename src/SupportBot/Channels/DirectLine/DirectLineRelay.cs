using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SupportBot.Storage;

namespace SupportBot.Channels.DirectLine;

/// Pushes what other instances appended to the WebSockets this instance holds, and closes those whose token another
/// instance revoked. An instance may start while Redis
/// is down (/readyz says so): it subscribes once Redis answers, and the client library keeps the subscription
/// across reconnects. Notices sent while Redis or the store was out of reach are lost, so when either is back every
/// stream held here catches up from the store; and every DirectLine:StreamCatchUpSeconds the streams are checked
/// against the store, for the notices an instance that died never sent.
internal sealed partial class DirectLineRelay(
    DirectLineFanOut fanOut,
    DirectLineStore store,
    Database database,
    IOptions<DirectLineOptions> options,
    TimeProvider time,
    ILogger<DirectLineRelay> logger) : BackgroundService
{
    // The subscription is renewed just after the connection: catching up a little later covers notices sent
    // between the two as well.
    private static readonly TimeSpan ResubscribeAllowance = TimeSpan.FromSeconds(1);

    private readonly Channel<bool> _catchUp = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        fanOut.Reconnected += RequestCatchUp;
        database.Availability.Recovered += RequestCatchUp;
        var checking = fanOut.IsShared ? CheckStreamsAsync(stoppingToken) : Task.CompletedTask;
        try
        {
            await SubscribeAsync(stoppingToken);
            await foreach (var _ in _catchUp.Reader.ReadAllAsync(stoppingToken))
            {
                await Task.Delay(ResubscribeAllowance, stoppingToken);
                try
                {
                    await store.CatchUpStreamsAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCatchUpFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            fanOut.Reconnected -= RequestCatchUp;
            database.Availability.Recovered -= RequestCatchUp;
            await checking;
        }
    }

    private async Task CheckStreamsAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.StreamCatchUpSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (await store.CatchUpBehindStreamsAsync(stoppingToken) is > 0 and var behind)
                    {
                        LogStreamsBehind(logger, behind);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    database.Availability.Report(ex);
                    LogCatchUpFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void RequestCatchUp() => _catchUp.Writer.TryWrite(true);

    private async Task SubscribeAsync(CancellationToken stoppingToken)
    {
        while (true)
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
            // The socket's next notice, the catch-up once the store is back, or the client's reconnect with its
            // watermark delivers it.
            database.Availability.Report(ex);
            LogDeliveryFailed(logger, ex, conversationId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push new activities of conversation {ConversationId} to its stream")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Streams} Direct Line streams were behind the store (a notice never came, as when the instance that stored an activity died); they caught up")]
    private static partial void LogStreamsBehind(ILogger logger, int streams);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not bring the streams up to date from the store")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception exception);
}
