using SupportBot.Agents;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Customers;
using SupportBot.Touchpoints;

namespace SupportBot.Conversations;

/// What happens to a conversation after the fact, as Teams reports it: a customer edits, deletes or restores a
/// message; the bot is installed, uninstalled or removed; members leave. The log, the agents' consoles and what the
/// bot may still send follow.
internal sealed partial class MessageLifecycle(
    CustomerMessageChanges changes,
    ConversationDepartures departures,
    HandoffNotifier notifier,
    TouchpointStore touchpoints,
    CustomerStore customers,
    TimeProvider time,
    ILogger<MessageLifecycle> logger)
{
    /// Whether this handles the activity's kind (TeamsEvents.Classify).
    public static bool Handles(string teamsEvent) => teamsEvent is TeamsEvents.MessageEdit or TeamsEvents.MessageUndelete or TeamsEvents.MessageSoftDelete
        or TeamsEvents.InstallationAdd or TeamsEvents.InstallationRemove or TeamsEvents.MembersRemoved;

    public async Task HandleAsync(Activity activity, string teamsEvent, CancellationToken cancellationToken)
    {
        var conversationId = activity.Conversation?.Id ?? string.Empty;
        switch (teamsEvent)
        {
            case TeamsEvents.MessageEdit:
                await ReviseAsync(activity, teamsEvent, CustomerMessageChanges.Edited, cancellationToken);
                break;
            // Teams restores the message with its words; a message deleted here has none left to restore but those.
            case TeamsEvents.MessageUndelete when (activity.GetMentionFreeText() ?? activity.Text) is { Length: > 0 }:
                await ReviseAsync(activity, teamsEvent, null, cancellationToken);
                break;
            case TeamsEvents.MessageSoftDelete when activity.Id is { } deleted:
                if (await changes.RedactAsync(conversationId, deleted, cancellationToken))
                {
                    notifier.PushCustomerMessageChanged(conversationId, deleted, null, CustomerMessageChanges.Deleted);
                }
                break;
            case TeamsEvents.InstallationAdd:
                await departures.ReturnAsync(conversationId, cancellationToken);
                break;
            case TeamsEvents.InstallationRemove:
                await LeaveAsync(activity, ConversationDepartures.Uninstalled, cancellationToken);
                break;
            case TeamsEvents.MembersRemoved when activity.RemovesBot():
                await LeaveAsync(activity, ConversationDepartures.Removed, cancellationToken);
                break;
            case TeamsEvents.MembersRemoved:
                LogMembersRemoved(logger, activity.MembersRemoved!.Count, conversationId);
                await LogAsync(activity, TouchpointKind.MembersRemoved, CustomerStore.Unknown, null, cancellationToken);
                break;
            default:
                LogNothingToChange(logger, teamsEvent, conversationId);
                break;
        }
    }

    private async Task ReviseAsync(Activity activity, string teamsEvent, string? reason, CancellationToken cancellationToken)
    {
        var conversationId = activity.Conversation?.Id ?? string.Empty;
        var text = activity.GetMentionFreeText() ?? activity.Text ?? string.Empty;
        if (activity.Id is { } edited && await changes.ReviseAsync(conversationId, edited, text, reason, cancellationToken))
        {
            notifier.PushCustomerMessageChanged(conversationId, edited, text, reason);
            return;
        }
        LogNothingToChange(logger, teamsEvent, conversationId);
    }

    // Uninstalled in a personal chat, Teams sends both installationUpdate (remove) and the bot's removal: the second
    // finds the conversation already left and logs nothing more.
    private async Task LeaveAsync(Activity activity, string reason, CancellationToken cancellationToken)
    {
        var conversationId = activity.Conversation?.Id ?? string.Empty;
        if (await departures.HasLeftAsync(conversationId, cancellationToken))
        {
            return;
        }
        await departures.DepartAsync(activity.ChannelId ?? "unknown", conversationId, reason, cancellationToken);
        LogLeft(logger, conversationId, reason);
        await LogAsync(activity, TouchpointKind.BotRemoved, await customers.ResolveAsync(activity, activity.From, cancellationToken), reason, cancellationToken);
    }

    private async Task LogAsync(Activity activity, string kind, string customer, string? reason, CancellationToken cancellationToken)
        => await touchpoints.AppendAsync(new Touchpoint
        {
            OccurredAt = time.GetUtcNow(),
            ConversationId = activity.Conversation?.Id ?? string.Empty,
            Channel = activity.ChannelId ?? "unknown",
            CustomerId = customer,
            Kind = kind,
            Reason = reason,
            ActivityId = activity.Id,
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "The bot left conversation {ConversationId} ({Reason}); nothing more is sent there until it is installed again")]
    private static partial void LogLeft(ILogger logger, string conversationId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} members left conversation {ConversationId}")]
    private static partial void LogMembersRemoved(ILogger logger, int count, string conversationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A {Event} in conversation {ConversationId} changed nothing: no logged customer message has its id")]
    private static partial void LogNothingToChange(ILogger logger, string @event, string conversationId);
}
