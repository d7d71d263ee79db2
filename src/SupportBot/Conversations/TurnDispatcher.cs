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

    public Task<bool> DispatchAsync(Activity activity, IActivitySender sender, CancellationToken cancellationToken)
        => DispatchAsync(activity, sender, record: null, cancellationToken);

    /// DispatchAsync with the channel's own record of the activity written in the claim's round trip (PostgreSQL).
    /// False: a duplicate, or the record's row did not go in (then nothing was stored, and the channel tries again).
    public async Task<bool> DispatchAsync(Activity activity, IActivitySender sender, ChannelRecord? record, CancellationToken cancellationToken)
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
                    return await ClaimAndRunAsync(activity, sender, record, hold, cancellationToken);
                }
            }
            // With Redis the conversation must be free on every instance: the claim, serialized per conversation,
            // finds whether any other activity of it is pending, here or elsewhere.
            if (_runner is not null)
            {
                using var lane = lanes.TryHold(InboundTurn.KeyOf(activity));
                return await ClaimAndRunUnlessOthersPendingAsync(activity, sender, record, _runner, lane, cancellationToken);
            }
        }
        InboxClaim? claim = null;
        if (durable && (claim = await inbox.TryClaimAsync(activity, cancellationToken, hold: _runner is null, record)) is null)
        {
            LogUnclaimed(activity, record);
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

    private async Task<bool> ClaimAndRunAsync(
        Activity activity, IActivitySender sender, ChannelRecord? record, ConversationLanes.LaneHold hold, CancellationToken cancellationToken)
    {
        if (await ClaimAndReadAsync(activity, sender, record, cancellationToken) is not { } turn)
        {
            return false;
        }
        hold.Run(turn);
        return true;
    }

    // Nothing else of the conversation is pending on any instance: the turn runs here at once in the conversation's
    // lane, its activity held under this instance's lease (renewed with the lanes' own, InboundRecovery), so no lock
    // in Redis is needed. When only turns this instance took as they arrived are pending, and the lane is busy with
    // them, the turn follows them in the lane: a Direct Line customer often answers a reply before its turn has logged
    // it and marked its activity done, and that wait is in-process, not the ordered runner's backing off (about a
    // quarter of Direct Line turns under load went that way, each with three more round trips to PostgreSQL and two to
    // Redis). Otherwise the turn takes its place among the others, oldest first (ConversationRunner), and an instance
    // that stores the next activity meanwhile finds this one pending and waits for it.
    private async Task<bool> ClaimAndRunUnlessOthersPendingAsync(
        Activity activity, IActivitySender sender, ChannelRecord? record, ConversationRunner runner, ConversationLanes.LaneHold? lane, CancellationToken cancellationToken)
    {
        if (await ClaimAndReadAsync(activity, sender, record, cancellationToken) is not { } turn)
        {
            return false;
        }
        switch (turn.Start!.OthersPending, lane)
        {
            case (OthersPending.None, { } free):
                free.Run(turn);
                return true;
            case (OthersPending.None or OthersPending.HeldHere, null):
                // What the claim read may be older than what the lane's running turn still writes: read again when it runs.
                lanes.Enqueue(new InboundTurn(activity, sender, turn.ReceivedAt) { InboxArrival = turn.InboxArrival, Attempt = turn.Attempt });
                return true;
            default:
                // Held here, yet the lane is free: a turn of this instance that could not mark its activity done; or
                // held elsewhere. Either way the ordered runner knows when its turn comes.
                await inbox.HandToRunnerAsync(turn.InboxArrival!.Value, cancellationToken);
                runner.Wake(turn with { Start = null });
                return true;
        }
    }

    // Null for a duplicate (logged). A turn whose start found the conversation's outbox empty sends without asking again.
    private async Task<InboundTurn?> ClaimAndReadAsync(Activity activity, IActivitySender sender, ChannelRecord? record, CancellationToken cancellationToken)
    {
        var (held, start) = await inbox.TryClaimAndReadAsync(activity, starts.QueryFor(activity), cancellationToken, record);
        if (held is null)
        {
            LogUnclaimed(activity, record);
            return null;
        }
        if (start?.RepliesQueued == false)
        {
            sender = sender.ForTurnWithNothingQueued();
        }
        return new InboundTurn(activity, sender, time.GetUtcNow()) { InboxArrival = held.Arrival, Attempt = held.Attempt, Start = start };
    }

    // A record that did not go in is the channel's to retry (another instance wrote first), not a duplicate.
    private void LogUnclaimed(Activity activity, ChannelRecord? record)
    {
        if (record is null)
        {
            LogDuplicate(logger, activity.Id!, activity.Conversation!.Id!);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped duplicate activity {ActivityId} in conversation {ConversationId}")]
    private static partial void LogDuplicate(ILogger logger, string activityId, string conversationId);
}
