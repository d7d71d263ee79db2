using System.Net.Mail;
using SupportBot.Replies;
using SupportBot.Touchpoints;

namespace SupportBot.Handoff;

/// The tickets inbox: messages left when nobody could take the conversation, answered by agents on the customer's
/// channel while the conversation can still be reached, else by e-mail (Tickets:Smtp), else as a call-back task
/// for the phone number left. Every step is a touchpoint: ticket (created), ticket_answered, ticket_solved,
/// ticket_reopened.
internal sealed partial class TicketService(
    TicketStore store,
    HandoffStore handoffs,
    IActivitySenderSource senders,
    TicketMailer mailer,
    TouchpointStore touchpoints,
    IHandoffEvents notifier,
    TimeProvider time,
    ILogger<TicketService> logger)
{
    public const string ByChannel = "channel";
    public const string ByEmail = "email";
    public const string ByCallBack = "call_back";

    /// A handoff ended as a left message: the team's ticket, with the contact details found in it.
    public async Task CreateAsync(HandoffRecord handoff, string message, CancellationToken cancellationToken)
    {
        var email = ContactDetails.Emails(message).FirstOrDefault();
        var phone = ContactDetails.Phones(message).FirstOrDefault();
        if (await store.CreateAsync(handoff, message, email, phone, time.GetUtcNow(), cancellationToken) is { } ticket)
        {
            notifier.PushTicketChanged(ticket.Id, ticket.Status);
        }
    }

    public Task<IReadOnlyList<Ticket>> ListAsync(string? status, int limit, CancellationToken cancellationToken) => store.ListAsync(status, limit, cancellationToken);

    public Task<Ticket?> GetAsync(long id, CancellationToken cancellationToken) => store.GetAsync(id, cancellationToken);

    /// The agent's answer, by the first way that reaches the customer (or the one asked for), then pending (or solved).
    public async Task<(Ticket? Ticket, string? Delivery, TicketRefusal? Refusal)> AnswerAsync(
        long id, AgentIdentity agent, string text, string? via, bool solve, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } ticket)
        {
            return (null, null, NotFound(id));
        }
        var handoff = await handoffs.GetAsync(ticket.HandoffId, cancellationToken);
        string? delivery = null;
        if (via is null or ByChannel && handoff is not null && await senders.ForAsync(handoff, cancellationToken) is { } sender)
        {
            ReplyCustomer.Current = ticket.CustomerId;
            var sent = await sender.SendAsync(HandoffActivities.Message(handoff.Reference, text, agent.Name), cancellationToken);
            // The connector's outbox keeps what the channel did not take yet; Direct Line says at once.
            delivery = sent is not null || handoff.Route != HandoffRoutes.DirectLine ? ByChannel : null;
        }
        if (delivery is null && via is null or ByEmail && ticket.Email is { } email)
        {
            if (!mailer.IsConfigured)
            {
                return (ticket, null, new(StatusCodes.Status503ServiceUnavailable, "E-mail is not configured",
                    $"The conversation cannot be reached and the answer would go to {email}, but no mail server is set: configure Tickets:Smtp:Host and Tickets:Smtp:From."));
            }
            try
            {
                await mailer.SendAsync(email, $"Re: your message to our support team (ticket #{ticket.Id})", text, cancellationToken);
                delivery = ByEmail;
            }
            catch (SmtpException ex)
            {
                LogMailFailed(logger, ex, ticket.Id);
                return (ticket, null, new(StatusCodes.Status502BadGateway, "The mail server refused the answer", ex.Message));
            }
        }
        if (delivery is null && via is null or ByCallBack && ticket.Phone is not null)
        {
            delivery = ByCallBack;
        }
        if (delivery is null)
        {
            return (ticket, null, new(StatusCodes.Status409Conflict, "The customer cannot be reached that way",
                via is null ? "The conversation is gone and the customer left no e-mail address or phone number." : $"There is no way to answer by '{via}' for this ticket."));
        }
        var now = time.GetUtcNow();
        await touchpoints.AppendAsync(Touchpoint(ticket, TouchpointKind.TicketAnswered, text) with { Reason = delivery, AgentId = agent.Id }, cancellationToken);
        await store.TryMoveAsync(id, [TicketStatuses.Open, TicketStatuses.Pending, TicketStatuses.Solved], solve ? TicketStatuses.Solved : TicketStatuses.Pending, now, cancellationToken);
        if (ticket.Assignee is null)
        {
            await store.AssignAsync(id, agent.Id, now, cancellationToken);
        }
        if (solve)
        {
            await touchpoints.AppendAsync(Touchpoint(ticket, TouchpointKind.TicketSolved, null) with { AgentId = agent.Id }, cancellationToken);
        }
        LogAnswered(logger, ticket.Id, agent.Id, delivery);
        var answered = await store.GetAsync(id, cancellationToken);
        notifier.PushTicketChanged(id, answered!.Status);
        return (answered, delivery, null);
    }

    /// Solved, or open again; a touchpoint either way.
    public async Task<(Ticket? Ticket, TicketRefusal? Refusal)> MoveAsync(long id, AgentIdentity agent, string to, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } ticket)
        {
            return (null, NotFound(id));
        }
        string[] from = to == TicketStatuses.Solved ? [TicketStatuses.Open, TicketStatuses.Pending] : [TicketStatuses.Pending, TicketStatuses.Solved];
        if (!await store.TryMoveAsync(id, from, to, time.GetUtcNow(), cancellationToken))
        {
            return (ticket, new(StatusCodes.Status409Conflict, "Ticket unchanged", $"Ticket #{id} is {ticket.Status}: it cannot become {to}."));
        }
        await touchpoints.AppendAsync(
            Touchpoint(ticket, to == TicketStatuses.Solved ? TouchpointKind.TicketSolved : TouchpointKind.TicketReopened, null) with { AgentId = agent.Id },
            cancellationToken);
        notifier.PushTicketChanged(id, to);
        return (await store.GetAsync(id, cancellationToken), null);
    }

    public async Task<(Ticket? Ticket, TicketRefusal? Refusal)> AssignAsync(long id, string? assignee, CancellationToken cancellationToken)
    {
        if (!await store.AssignAsync(id, assignee, time.GetUtcNow(), cancellationToken))
        {
            return (null, NotFound(id));
        }
        var ticket = await store.GetAsync(id, cancellationToken);
        notifier.PushTicketChanged(id, ticket!.Status);
        return (ticket, null);
    }

    /// The customer wrote again in a conversation whose ticket was answered or solved: it is the team's again.
    public async Task CustomerWroteAsync(string conversationId, string channel, string customerId, CancellationToken cancellationToken)
    {
        foreach (var id in await store.ReopenForConversationAsync(conversationId, time.GetUtcNow(), cancellationToken))
        {
            await touchpoints.AppendAsync(
                new Touchpoint { OccurredAt = time.GetUtcNow(), ConversationId = conversationId, Channel = channel, CustomerId = customerId, Kind = TouchpointKind.TicketReopened, Reason = "customer" },
                cancellationToken);
            LogReopened(logger, id, conversationId);
            notifier.PushTicketChanged(id, TicketStatuses.Open);
        }
    }

    private static TicketRefusal NotFound(long id) => new(StatusCodes.Status404NotFound, "Unknown ticket", $"There is no ticket #{id}.");

    private Touchpoint Touchpoint(Ticket ticket, string kind, string? text) => new()
    {
        OccurredAt = time.GetUtcNow(),
        ConversationId = ticket.ConversationId,
        Channel = ticket.Channel,
        CustomerId = ticket.CustomerId,
        Kind = kind,
        Text = text,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} answered ticket {TicketId} by {Delivery}")]
    private static partial void LogAnswered(ILogger logger, long ticketId, string agentId, string delivery);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} reopened: the customer wrote again in conversation {ConversationId}")]
    private static partial void LogReopened(ILogger logger, long ticketId, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not e-mail the answer to ticket {TicketId}")]
    private static partial void LogMailFailed(ILogger logger, Exception exception, long ticketId);
}

internal sealed record TicketRefusal(int Status, string Title, string Detail);
