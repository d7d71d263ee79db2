using Polly.CircuitBreaker;
using Polly.Timeout;
using SupportBot.BotFramework.Connector;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Conversations;
using SupportBot.Replies;

namespace SupportBot.Channels.BotFramework;

/// Sends the bot's activities to Bot Framework channels through the connector. What the channel cannot take
/// now (after the HTTP pipeline's own retries) goes to the outbox; while a conversation has replies waiting
/// there, its new replies queue behind them, so the customer gets every reply once and in order.
internal sealed partial class BotFrameworkSender(ConnectorClient connector, ConnectorOutbox outbox, ILogger<BotFrameworkSender> logger) : IActivitySender
{
    // Set on a turn's own sender only: its start read that nothing of the conversation waits in the outbox, and no
    // other turn of it runs meanwhile (one instance at a time holds a conversation). Cleared once this sender queues.
    private bool _nothingQueued;

    private const string StreamNotAllowed = "ContentStreamNotAllowed";

    public IActivitySender ForTurnWithNothingQueued() => new BotFrameworkSender(connector, outbox, logger) { _nothingQueued = true };

    public async Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        // A late typing indicator or stream update is worse than none: it is never queued. The final message
        // carries the whole answer.
        var disposable = activity.Type == ActivityTypes.Typing;
        var streamed = StreamInfo.StreamTypeOf(activity) is not null;
        if (!disposable && !_nothingQueued && await outbox.HasPendingAsync(ConnectorOutbox.KeyOf(activity), cancellationToken))
        {
            await outbox.AddAsync(Queueable(activity), "queued behind earlier undelivered replies", cancellationToken);
            return null;
        }
        try
        {
            return (await connector.SendAsync(activity, cancellationToken))?.Id;
        }
        catch (ConnectorException ex) when (streamed && ex.Error?.Error?.Code == StreamNotAllowed)
        {
            // Teams' answer when the customer pressed Stop or the stream ran out of time: not a failed delivery.
            LogStreamClosed(logger, activity.Conversation?.Id, ex.Message);
            throw new ReplyStreamClosedException(ex.Message, ex);
        }
        catch (Exception ex) when (IsDeliveryFailure(ex, cancellationToken))
        {
            if (disposable)
            {
                LogTypingDropped(logger, activity.Conversation?.Id, ex.Message);
                return null;
            }
            _nothingQueued = false;
            if (ex is ConnectorException { IsPermanent: true } && !streamed)
            {
                LogRefused(logger, ex, activity.Conversation?.Id);
                await outbox.AddAsync(activity, ex.Message, cancellationToken);
                return null;
            }
            LogQueued(logger, activity.Conversation?.Id, ex.Message);
            await outbox.AddAsync(Queueable(activity), ex.Message, cancellationToken);
            return null;
        }
    }

    // A stream's final that has to wait is sent later as a message of its own: by then Teams has closed the stream
    // (two minutes at most), and would refuse the final for good.
    private static Activity Queueable(Activity activity)
        => StreamInfo.StreamTypeOf(activity) is null ? activity : StreamInfo.WithoutStream(activity);

    public static bool IsDeliveryFailure(Exception exception, CancellationToken cancellationToken)
        => exception is ConnectorException or HttpRequestException or TimeoutRejectedException or BrokenCircuitException
           || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not deliver a reply in conversation {ConversationId} now ({Reason}); it waits in the outbox")]
    private static partial void LogQueued(ILogger logger, string? conversationId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The channel refused a reply in conversation {ConversationId}; kept in the outbox for retry and inspection")]
    private static partial void LogRefused(ILogger logger, Exception exception, string? conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The channel closed the reply stream in conversation {ConversationId}: {Reason}")]
    private static partial void LogStreamClosed(ILogger logger, string? conversationId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a typing indicator in conversation {ConversationId}: {Reason}")]
    private static partial void LogTypingDropped(ILogger logger, string? conversationId, string reason);
}
