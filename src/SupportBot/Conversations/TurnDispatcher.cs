using SupportBot.BotFramework.Schema;
using SupportBot.Replies;

namespace SupportBot.Conversations;

/// The entry every channel uses: store the activity in the durable inbox (dropping retried ones), then queue the
/// turn on its conversation's lane. Returns as soon as the turn is queued, so channels can acknowledge quickly and
/// the answer follows.
internal sealed partial class TurnDispatcher(
    InboundActivities inbox,
    ConversationLanes lanes,
    TurnStartReader starts,
    TimeProvider time,
    ILogger<TurnDispatcher> logger,
    ConversationRunner? runner = null)
{
    // With Redis: the conversation's lock holder runs the turn, on whichever instance (order across instances).
    private readonly ConversationRunner? _runner = runner;

    public async Task<bool> DispatchAsync(Activity activity, IActivitySender sender, CancellationToken cancellationToken)
    {
        var conversationId = activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation id.", nameof(activity));
        if (activity.Text?.Contains('\0', StringComparison.Ordinal) == true)
        {
            // NUL means nothing in a chat message, and PostgreSQL text cannot hold it: kept, the turn could not be
            // logged on that engine. Every other character is kept as sent.
            activity = activity with { Text = activity.Text.Replace("\0", string.Empty, StringComparison.Ordinal) };
        }
        var durable = activity.Id is { Length: > 0 };
        // A customer message to a conversation with nothing running here (a customer types slower than the bot
        // answers, so the usual case) holds the conversation's lane first, and reads what its turn starts from
        // together with the claim: one round trip to the store, one pass through the SQLite writer, fewer.
        if (durable && activity.Type == ActivityTypes.Message)
        {
            if (_runner is null && lanes.TryHold(InboundTurn.KeyOf(activity)) is { } hold)
            {
                using (hold)
                {
                    return await ClaimAndRunAsync(activity, sender, hold, cancellationToken);
                }
            }
            // With Redis the conversation must be free on every instance: its lock, taken here for the turn.
            if (_runner is not null && await _runner.TryLockAsync(InboundTurn.KeyOf(activity)) is { } conversationLock)
            {
                return await ClaimAndRunLockedAsync(activity, sender, conversationLock, cancellationToken);
            }
        }
        InboxClaim? claim = null;
        if (durable && (claim = await inbox.TryClaimAsync(activity, cancellationToken, hold: _runner is null)) is null)
        {
            LogDuplicate(logger, activity.Id!, conversationId);
            return false;
        }
        var turn = new InboundTurn(activity, sender, time.GetUtcNow()) { InboxArrival = claim?.Arrival, Attempt = claim?.Attempt ?? 1 };
        if (_runner is not null && durable)
        {
            _runner.Wake(turn);
        }
        else
        {
            lanes.Enqueue(turn);
        }
        return true;
    }

    private async Task<bool> ClaimAndRunAsync(Activity activity, IActivitySender sender, ConversationLanes.LaneHold hold, CancellationToken cancellationToken)
    {
        if (await ClaimAndReadAsync(activity, sender, cancellationToken) is not { } turn)
        {
            return false;
        }
        hold.Run(turn);
        return true;
    }

    // The conversation's lock is held: the turn runs here at once, unless other activities of the conversation came in
    // meanwhile on other instances; then it takes its place among them, oldest first.
    private async Task<bool> ClaimAndRunLockedAsync(Activity activity, IActivitySender sender, ConversationLock conversationLock, CancellationToken cancellationToken)
    {
        InboundTurn? turn;
        try
        {
            turn = await ClaimAndReadAsync(activity, sender, cancellationToken);
        }
        catch
        {
            await _runner!.UnlockAsync(conversationLock);
            throw;
        }
        if (turn is null)
        {
            await _runner!.UnlockAsync(conversationLock);
            return false;
        }
        if (turn.Start!.OthersPending)
        {
            await _runner!.UnlockAsync(conversationLock);
            _runner.Wake(turn with { Start = null });
            return true;
        }
        _runner!.RunLocked(turn, conversationLock);
        return true;
    }

    // Null for a duplicate (logged). A turn whose start found the conversation's outbox empty sends without asking again.
    private async Task<InboundTurn?> ClaimAndReadAsync(Activity activity, IActivitySender sender, CancellationToken cancellationToken)
    {
        var (held, start) = await inbox.TryClaimAndReadAsync(activity, starts.QueryFor(activity), cancellationToken);
        if (held is null)
        {
            LogDuplicate(logger, activity.Id!, activity.Conversation!.Id!);
            return null;
        }
        if (start?.RepliesQueued == false)
        {
            sender = sender.ForTurnWithNothingQueued();
        }
        return new InboundTurn(activity, sender, time.GetUtcNow()) { InboxArrival = held.Arrival, Attempt = held.Attempt, Start = start };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped duplicate activity {ActivityId} in conversation {ConversationId}")]
    private static partial void LogDuplicate(ILogger logger, string activityId, string conversationId);
}
