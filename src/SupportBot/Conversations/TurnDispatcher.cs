using SupportBot.BotFramework.Schema;

namespace SupportBot.Conversations;

/// The entry every channel uses: store the activity in the durable inbox (dropping retried ones), then queue the
/// turn on its conversation's lane. Returns as soon as the turn is queued, so channels can acknowledge quickly and
/// the answer follows.
internal sealed partial class TurnDispatcher(
    InboundActivities inbox,
    ConversationLanes lanes,
    TurnStartReader starts,
    IEnumerable<ConversationRunner> runner,
    TimeProvider time,
    ILogger<TurnDispatcher> logger)
{
    // With Redis: the conversation's lock holder runs the turn, on whichever instance (order across instances).
    private readonly ConversationRunner? _runner = runner.FirstOrDefault();

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
        if (durable && _runner is null && activity.Type == ActivityTypes.Message && lanes.TryHold(InboundTurn.KeyOf(activity)) is { } hold)
        {
            using (hold)
            {
                var (held, start) = await inbox.TryClaimAndReadAsync(activity, starts.QueryFor(activity), cancellationToken);
                if (held is null)
                {
                    LogDuplicate(logger, activity.Id!, conversationId);
                    return false;
                }
                hold.Run(new InboundTurn(activity, sender, time.GetUtcNow()) { InboxArrival = held.Arrival, Attempt = held.Attempt, Start = start });
                return true;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped duplicate activity {ActivityId} in conversation {ConversationId}")]
    private static partial void LogDuplicate(ILogger logger, string activityId, string conversationId);
}
