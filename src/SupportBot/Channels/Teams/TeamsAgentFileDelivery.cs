using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Handoff;

namespace SupportBot.Channels.Teams;

/// An agent's file for a Teams customer. In a personal chat Teams takes a bot's file only through a consent card
/// (TeamsFileConsent), so the file is offered there and the agent's console hears whether the customer took it. In
/// a channel or group chat no bot may send a file: the customer gets the file's link, as on other channels.
internal sealed class TeamsAgentFileDelivery(TeamsFileConsent consent) : IAgentFileDelivery
{
    private static readonly LinkedFileDelivery Linked = new();

    public bool Serves(string channel) => channel == ChannelIds.Msteams;

    public async Task<string?> DeliverAsync(HandoffRecord handoff, string agentName, AgentFile file, IActivitySenderSource senders, CancellationToken cancellationToken)
    {
        var conversation = handoff.Reference.Conversation;
        var personal = (conversation?.ConversationType is null or TeamsActivity.Personal) && conversation?.IsGroup != true;
        if (!personal || file.Content.Length == 0)
        {
            return await Linked.DeliverAsync(handoff, agentName, file, senders, cancellationToken);
        }
        try
        {
            // The offer is not the file yet: the console hears whether the customer took it (teamsFileOffer).
            await consent.OfferAsync(handoff.Reference, new TeamsOutgoingFile(file.Name, file.ContentType, file.Content, $"From {agentName}"), cancellationToken);
            return null;
        }
        catch (TeamsFileOfferException)
        {
            // Larger than Teams takes from a bot, say: the link still reaches the customer.
            return await Linked.DeliverAsync(handoff, agentName, file, senders, cancellationToken);
        }
    }
}
