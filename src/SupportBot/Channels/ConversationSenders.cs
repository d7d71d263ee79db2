using SupportBot.BotFramework.Schema;
using SupportBot.Channels.BotFramework;
using SupportBot.Channels.DirectLine;
using SupportBot.Conversations;
using SupportBot.Handoff;
using SupportBot.Replies;

namespace SupportBot.Channels;

/// Finds the way back into a customer's conversation outside a turn (an agent's reply, a survey; a stored turn another
/// instance accepted): Direct Line conversations through their store, every Bot Framework channel through the connector
/// and its outbox. None into a conversation the bot has been removed from. Handoff and Conversations ask through their
/// own contracts (IActivitySenderSource, ITurnSenders), so that neither depends on the channels.
internal sealed class ConversationSenders(DirectLineStore directLine, BotFrameworkSender connector, ConversationDepartures departures)
    : IActivitySenderSource, ITurnSenders
{
    /// The route a turn's replies take, remembered with the handoff.
    public string RouteOf(IActivitySender sender) => sender is DirectLineSender ? HandoffRoutes.DirectLine : HandoffRoutes.Connector;

    public async Task<IActivitySender?> ForAsync(HandoffRecord handoff, CancellationToken cancellationToken)
    {
        if (handoff.Route != HandoffRoutes.DirectLine)
        {
            return await departures.HasLeftAsync(handoff.ConversationId, cancellationToken) ? null : connector;
        }
        var state = await directLine.FindAsync(handoff.ConversationId, cancellationToken);
        return state is null ? null : new DirectLineSender(directLine, state);
    }

    /// A stored turn's way back: into its Direct Line conversation (null once that is gone), else the connector.
    public async Task<IActivitySender?> ForStoredTurnAsync(string channelId, string conversationId, CancellationToken cancellationToken)
    {
        if (channelId != ChannelIds.Directline)
        {
            return connector;
        }
        return await directLine.FindAsync(conversationId, cancellationToken) is { } conversation ? new DirectLineSender(directLine, conversation) : null;
    }
}
