using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Connector;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;

namespace SupportBot.Channels.BotFramework;

/// Retries the outbox in the background: each conversation's replies in order, stopping at the first that
/// still fails (so nothing overtakes it), with a growing delay. A reply the channel keeps refusing as
/// permanently wrong (400, 403, 404) is marked dead after a few tries and logged as an error.
/// With several instances (Redis) every instance drains, and a conversation's entries go out only while its lock is
/// held here and no turn of it is pending: two instances reading the same due entries each sent them once (the soak
/// on two instances saw bot replies and agent notes arrive twice), and a turn replying in the conversation meanwhile
/// could overtake them.
internal sealed partial class ConnectorOutboxDrain(
    ConnectorOutbox outbox,
    ConnectorClient connector,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<ConnectorOutboxDrain> logger,
    ConversationRunner? runner = null) : BackgroundService
{
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly ConversationRunner? _runner = runner;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                await DrainOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDrainFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// One pass over the due conversations; returns how many replies were delivered. Passes never overlap,
    /// so an entry is never sent twice at once.
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            var delivered = await DrainDueAsync(cancellationToken);
            await outbox.NoteWhetherEmptyAsync(cancellationToken);
            return delivered;
        }
        finally
        {
            _pass.Release();
        }
    }

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    private async Task<int> DrainDueAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var conversation in (await outbox.DueAsync(options.Value.BatchConversations, cancellationToken)).GroupBy(e => e.ConversationKey))
        {
            if (_runner is null)
            {
                delivered += await DeliverInOrderAsync(conversation, cancellationToken);
                continue;
            }
            if (await _runner.TryLockIdleAsync(conversation.Key) is not { } held)
            {
                // A turn or another instance has the conversation; the next pass looks again.
                continue;
            }
            try
            {
                // Read again under the lock: the holder before may have delivered what was read.
                delivered += await DeliverInOrderAsync(await outbox.DueOfAsync(conversation.Key, cancellationToken), cancellationToken);
            }
            finally
            {
                await _runner.UnlockAsync(held);
            }
        }
        return delivered;
    }

    private async Task<int> DeliverInOrderAsync(IEnumerable<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var entry in entries)
        {
            if (!await TryDeliverAsync(entry, cancellationToken))
            {
                break;
            }
            delivered++;
        }
        return delivered;
    }

    // True when the entry left the queue (delivered or dead), so the conversation's next one may go.
    private async Task<bool> TryDeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var activity = BotJson.Deserialize<Activity>(entry.ActivityJson);
        try
        {
            await connector.SendAsync(activity, cancellationToken);
            await outbox.DeliveredAsync(entry.Id, cancellationToken);
            LogDelivered(logger, entry.Id, activity.Conversation?.Id, entry.Attempts + 1);
            return true;
        }
        catch (Exception ex) when (BotFrameworkSender.IsDeliveryFailure(ex, cancellationToken))
        {
            var settings = options.Value;
            var permanent = ex is ConnectorException { IsPermanent: true };
            if (entry.Attempts + 1 >= (permanent ? settings.MaxAttemptsWhenRefused : settings.MaxAttempts))
            {
                await outbox.MarkDeadAsync(entry.Id, ex.Message, cancellationToken);
                LogDead(logger, ex, entry.Id, activity.Conversation?.Id, entry.Attempts + 1);
                return true;
            }
            var wait = ex is ConnectorException { RetryAfter: { } retryAfter } ? retryAfter : Backoff(entry.Attempts, settings);
            await outbox.RetryLaterAsync(entry.Id, time.GetUtcNow() + wait, ex.Message, cancellationToken);
            return false;
        }
    }

    private static TimeSpan Backoff(int attempts, OutboxOptions settings)
        => TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, settings.PollInterval.Ticks * (1L << Math.Min(attempts, 20))));

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered outbox entry {EntryId} in conversation {ConversationId} on attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, long entryId, string? conversationId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up on outbox entry {EntryId} in conversation {ConversationId} after {Attempts} attempts; it stays in the outbox as dead")]
    private static partial void LogDead(ILogger logger, Exception exception, long entryId, string? conversationId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "An outbox pass failed; the next pass retries")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception);
}
