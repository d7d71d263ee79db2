using Microsoft.AspNetCore.SignalR;
using SupportBot.Channels.Teams;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// Tells every connected console what changed, as it happens. Every agent may read every conversation through the
/// API, so events go to all of them; a console ignores what is not on its screen. A push that fails is logged and
/// dropped: nothing a customer or an agent does waits on a console, and consoles refetch when they reconnect.
/// Pushes are started in the order things happen and not waited for: with Redis each one is a publish on the
/// SignalR backplane, and a turn that waited for it held its conversation (and under load, on a busy backplane
/// connection, held it for the command's whole timeout while the customer's next message waited behind it). The
/// backplane writes its publishes in the order they were started, so consoles still see events in order.
internal sealed partial class HandoffNotifier(IHubContext<AgentHub> hub, ILogger<HandoffNotifier> logger) : ITeamsFileOfferListener, IHandoffEvents
{
    public const string QueueChanged = "queueChanged";
    public const string CustomerMessage = "customerMessage";
    public const string CustomerTyping = "customerTyping";
    public const string AgentMessage = "agentMessage";
    public const string CustomerMessageChanged = "customerMessageChanged";
    public const string AgentNote = "agentNote";
    public const string Mentioned = "mentioned";
    public const string Assigned = "assigned";
    public const string TicketChanged = "ticketChanged";
    public const string TeamsFileOfferAnswered = "teamsFileOffer";

    /// A handoff opened, was claimed, transferred, resolved or cancelled.
    public void PushQueueChanged(HandoffRecord handoff)
        => Push(QueueChanged, new QueueChangedEvent(handoff.ConversationId, handoff.State, handoff.Queue, handoff.AgentId));

    public void PushCustomerMessage(string conversationId, string text, DateTimeOffset at)
        => Push(CustomerMessage, new CustomerMessageEvent(conversationId, text, at));

    /// The customer edited (Reason "edited", the new Text) or deleted (Reason "deleted", no Text) a message.
    public void PushCustomerMessageChanged(string conversationId, string activityId, string? text, string? reason)
        => Push(CustomerMessageChanged, new CustomerMessageChangedEvent(conversationId, activityId, text, reason));

    public void PushCustomerTyping(string conversationId) => Push(CustomerTyping, new CustomerTypingEvent(conversationId));

    public void PushAgentMessage(string conversationId, AgentIdentity agent, string text, DateTimeOffset at)
        => Push(AgentMessage, new AgentMessageEvent(conversationId, agent.Id, agent.Name, text, at));

    /// A private note, to every console (one showing the conversation adds it to the transcript).
    public void PushAgentNote(string conversationId, AgentIdentity agent, string text, IReadOnlyList<string> mentioned, DateTimeOffset at)
        => Push(AgentNote, new AgentNoteEvent(conversationId, agent.Id, agent.Name, text, mentioned, at));

    /// A colleague @mentioned these agents in a note: only their consoles are told (SignalR's user is the agent
    /// id, the NameIdentifier claim, so every console and instance of theirs gets it).
    public void PushMentioned(IReadOnlyList<string> agentIds, string conversationId, AgentIdentity by, string text, DateTimeOffset at)
        => _ = PushAsync(Mentioned, new MentionedEvent(conversationId, by.Id, by.Name, text, at), hub.Clients.Users(agentIds));

    /// Round robin gave the agent a conversation: only their consoles are told, to open it.
    public void PushAssigned(string agentId, HandoffRecord handoff)
        => _ = PushAsync(Assigned, new AssignedEvent(handoff.ConversationId, handoff.Queue, handoff.Reason), hub.Clients.User(agentId));

    /// A ticket was created, answered, solved, reopened or assigned.
    public void PushTicketChanged(long ticketId, string status) => Push(TicketChanged, new TicketChangedEvent(ticketId, status));
    /// A Teams customer accepted (the file is delivered), declined, or let expire a file an agent offered, or the
    /// upload failed.
    public void Answered(TeamsFileOffer offer, string state)
        => Push(TeamsFileOfferAnswered, new TeamsFileOfferEvent(offer.ConversationId, offer.Id, offer.Name, state));

    private void Push(string method, object payload) => _ = PushAsync(method, payload, hub.Clients.All);

    private async Task PushAsync(string method, object payload, IClientProxy clients)
    {
        try
        {
            await clients.SendAsync(method, payload, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPushFailed(logger, ex, method);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push {Event} to the agent consoles")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, string @event);
}

internal sealed record QueueChangedEvent(string ConversationId, string State, string Queue, string? AgentId);

internal sealed record CustomerMessageEvent(string ConversationId, string Text, DateTimeOffset At);

internal sealed record TeamsFileOfferEvent(string ConversationId, string OfferId, string Name, string State);

internal sealed record CustomerMessageChangedEvent(string ConversationId, string ActivityId, string? Text, string? Reason);

internal sealed record CustomerTypingEvent(string ConversationId);

internal sealed record AgentMessageEvent(string ConversationId, string AgentId, string AgentName, string Text, DateTimeOffset At);

internal sealed record AgentNoteEvent(string ConversationId, string AgentId, string AgentName, string Text, IReadOnlyList<string> Mentioned, DateTimeOffset At);

internal sealed record MentionedEvent(string ConversationId, string ByAgentId, string ByAgentName, string Text, DateTimeOffset At);

internal sealed record AssignedEvent(string ConversationId, string Queue, string Reason);

internal sealed record TicketChangedEvent(long TicketId, string Status);
