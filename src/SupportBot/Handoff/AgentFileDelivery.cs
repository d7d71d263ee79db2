using SupportBot.BotFramework.Schema;
using SupportBot.Replies;

namespace SupportBot.Handoff;

/// A file an agent sends, already stored (DirectLineAttachments) and served at ContentUrl: an unguessable URL that
/// only the conversation's messages carry. Content is the file itself, for a channel that must upload it (Teams).
internal sealed record AgentFile(string Name, string ContentType, long Bytes, string ContentUrl)
{
    public byte[] Content { get; init; } = [];
}

/// How an agent's file reaches the customer on one channel. The default (LinkedFileDelivery) sends a message with
/// the attachment's contentUrl, which Direct Line / Web Chat and most Bot Framework channels show. A channel that
/// needs its own exchange registers one of these for its id: Teams, whose bots offer a file with a consent card
/// before uploading it to the user's OneDrive (`services.AddSingleton<IAgentFileDelivery, ...>()`).
internal interface IAgentFileDelivery
{
    bool Serves(string channel);

    /// The id the channel gave the message, or null when the customer's conversation cannot be reached.
    Task<string?> DeliverAsync(HandoffRecord handoff, string agentName, AgentFile file, IActivitySenderSource senders, CancellationToken cancellationToken);
}

/// The way into a handoff's conversation outside a turn, through the channel the customer uses; implemented by
/// Channels/ConversationSenders, which knows the channels.
internal interface IActivitySenderSource
{
    Task<IActivitySender?> ForAsync(HandoffRecord handoff, CancellationToken cancellationToken);

    /// The route a turn's replies take (HandoffRoutes), remembered with the handoff.
    string RouteOf(IActivitySender sender);
}

/// A message carrying the file as an attachment with a contentUrl: every channel without a delivery of its own.
internal sealed class LinkedFileDelivery : IAgentFileDelivery
{
    public bool Serves(string channel) => true;

    public async Task<string?> DeliverAsync(HandoffRecord handoff, string agentName, AgentFile file, IActivitySenderSource senders, CancellationToken cancellationToken)
    {
        if (await senders.ForAsync(handoff, cancellationToken) is not { } sender)
        {
            return null;
        }
        var message = HandoffActivities.Message(handoff.Reference, string.Empty, agentName) with
        {
            Text = null,
            TextFormat = null,
            Attachments = [new Attachment { ContentType = file.ContentType, ContentUrl = file.ContentUrl, Name = file.Name }],
        };
        return await sender.SendAsync(message, cancellationToken);
    }
}

/// Picks the delivery for a channel: a registered one that serves it, else the linked file.
internal sealed class AgentFileDeliveries(IEnumerable<IAgentFileDelivery> registered)
{
    private static readonly LinkedFileDelivery Linked = new();

    public IAgentFileDelivery For(string channel) => registered.FirstOrDefault(d => d.Serves(channel)) ?? Linked;
}
