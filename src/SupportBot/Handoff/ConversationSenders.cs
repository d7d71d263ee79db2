using SupportBot.BotFramework.Schema;
using SupportBot.Channels.BotFramework;
using SupportBot.Channels.DirectLine;
using SupportBot.Conversations;

namespace SupportBot.Handoff;

/// Finds the way back into a customer's conversation outside a turn (an agent's reply, a survey): Direct Line
/// conversations through their store, every Bot Framework channel through the connector and its outbox. None into a
/// conversation the bot has been removed from.
internal sealed class ConversationSenders(DirectLineStore directLine, BotFrameworkSender connector, ConversationDepartures departures) : IActivitySenderSource
{
    /// The route a turn's replies take, remembered with the handoff.
    public static string RouteOf(IActivitySender sender) => sender is DirectLineSender ? HandoffRoutes.DirectLine : HandoffRoutes.Connector;

    public async Task<IActivitySender?> ForAsync(HandoffRecord handoff, CancellationToken cancellationToken)
    {
        if (handoff.Route != HandoffRoutes.DirectLine)
        {
            return await departures.HasLeftAsync(handoff.ConversationId, cancellationToken) ? null : connector;
        }
        var state = await directLine.FindAsync(handoff.ConversationId, cancellationToken);
        return state is null ? null : new DirectLineSender(directLine, state);
    }

    /// A message into the conversation, addressed as the bot's own replies are; an agent's carries their name.
    public static Activity Message(ConversationReference reference, string text, string? fromName = null) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = reference.ChannelId,
        ServiceUrl = reference.ServiceUrl,
        Conversation = reference.Conversation,
        From = fromName is null ? reference.Bot : (reference.Bot ?? new ChannelAccount()) with { Name = fromName },
        Recipient = reference.User,
        Locale = reference.Locale,
        Text = text,
        TextFormat = TextFormats.Markdown,
    };
}
