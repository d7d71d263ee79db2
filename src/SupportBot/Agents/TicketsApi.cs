using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.Handoff;
using SupportBot.Touchpoints;

namespace SupportBot.Agents;

/// The tickets inbox: messages customers left when nobody could take their conversation.
internal static class TicketsApi
{
    private const int MaxTickets = 200;

    public static RouteGroupBuilder MapTicketsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tickets", ListAsync).WithSummary("Tickets newest first; ?status=open|pending|solved.");
        api.MapGet("/tickets/{id:long}", GetAsync).WithSummary("A ticket with its conversation's transcript.");
        api.MapPost("/tickets/{id:long}/answer", AnswerAsync)
            .WithSummary("Answer the customer: on their channel while the conversation can be reached, else by e-mail (Tickets:Smtp), else a call-back task; via forces one. Then pending, or solved with solve: true.");
        api.MapPost("/tickets/{id:long}/solve", (long id, ClaimsPrincipal user, TicketService tickets, CancellationToken ct) => MoveAsync(id, user, TicketStatuses.Solved, tickets, ct))
            .WithSummary("Mark the ticket solved.");
        api.MapPost("/tickets/{id:long}/reopen", (long id, ClaimsPrincipal user, TicketService tickets, CancellationToken ct) => MoveAsync(id, user, TicketStatuses.Open, tickets, ct))
            .WithSummary("Open a pending or solved ticket again.");
        api.MapPost("/tickets/{id:long}/assign", AssignAsync).WithSummary("Give the ticket to an agent ({\"agent\": \"id\"}), or to nobody ({\"agent\": null}).");
        return api;
    }

    private static async Task<Results<Ok<List<TicketView>>, ProblemHttpResult>> ListAsync(string? status, TicketService tickets, CancellationToken cancellationToken)
    {
        if (status is not null && !TicketStatuses.IsValid(status))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown status", detail: "status is open, pending or solved (or left out for all).");
        }
        return TypedResults.Ok((await tickets.ListAsync(status, MaxTickets, cancellationToken)).Select(TicketView.From).ToList());
    }

    private static async Task<Results<Ok<TicketDetailView>, ProblemHttpResult>> GetAsync(long id, TicketService tickets, TouchpointStore touchpoints, CancellationToken cancellationToken)
    {
        if (await tickets.GetAsync(id, cancellationToken) is not { } ticket)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ticket", detail: $"There is no ticket #{id}.");
        }
        var transcript = await touchpoints.GetConversationAsync(ticket.ConversationId, cancellationToken);
        return TypedResults.Ok(new TicketDetailView(TicketView.From(ticket), [.. transcript.Select(TouchpointView.From)]));
    }

    private static async Task<Results<Ok<TicketAnswered>, ProblemHttpResult>> AnswerAsync(long id, TicketAnswerRequest? request, ClaimsPrincipal user, TicketService tickets, CancellationToken cancellationToken)
    {
        var text = request?.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > AgentApi.MaxMessageLength)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid answer", detail: $"Send {{\"text\": \"...\"}} with 1 to {AgentApi.MaxMessageLength} characters.");
        }
        if (request!.Via is not (null or TicketService.ByChannel or TicketService.ByEmail or TicketService.ByCallBack))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown way", detail: "via is channel, email or call_back (or left out: the first that reaches the customer).");
        }
        var (ticket, delivery, refusal) = await tickets.AnswerAsync(id, AgentApi.Agent(user), text, request.Via, request.Solve ?? false, cancellationToken);
        return refusal is not null
            ? TypedResults.Problem(statusCode: refusal.Status, title: refusal.Title, detail: refusal.Detail)
            : TypedResults.Ok(new TicketAnswered(TicketView.From(ticket!), delivery!, delivery == TicketService.ByCallBack ? $"Call back {ticket!.Phone}" : null));
    }

    private static async Task<Results<Ok<TicketView>, ProblemHttpResult>> MoveAsync(long id, ClaimsPrincipal user, string to, TicketService tickets, CancellationToken cancellationToken)
    {
        var (ticket, refusal) = await tickets.MoveAsync(id, AgentApi.Agent(user), to, cancellationToken);
        return refusal is null ? TypedResults.Ok(TicketView.From(ticket!)) : TypedResults.Problem(statusCode: refusal.Status, title: refusal.Title, detail: refusal.Detail);
    }

    private static async Task<Results<Ok<TicketView>, ProblemHttpResult>> AssignAsync(long id, TicketAssignRequest? request, AgentDirectory directory, TicketService tickets, CancellationToken cancellationToken)
    {
        var agent = request?.Agent?.Trim();
        if (!string.IsNullOrEmpty(agent) && await directory.FindAsync(agent, cancellationToken) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown agent", detail: $"There is no agent '{agent}'.");
        }
        var (ticket, refusal) = await tickets.AssignAsync(id, string.IsNullOrEmpty(agent) ? null : agent, cancellationToken);
        return refusal is null ? TypedResults.Ok(TicketView.From(ticket!)) : TypedResults.Problem(statusCode: refusal.Status, title: refusal.Title, detail: refusal.Detail);
    }
}

/// A ticket as the agent API shows it; CallBack is the task for a customer reachable by phone only.
internal sealed record TicketView(
    long Id, string ConversationId, string Channel, string CustomerId, string Status, string? Assignee, string Message, string? Email, string? Phone,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? SolvedAt)
{
    public static TicketView From(Ticket t) => new(
        t.Id, t.ConversationId, t.Channel, t.CustomerId, t.Status, t.Assignee, t.Message, t.Email, t.Phone, t.CreatedAt, t.UpdatedAt, t.SolvedAt);
}

internal sealed record TicketDetailView(TicketView Ticket, IReadOnlyList<TouchpointView> Transcript);

internal sealed record TicketAnswerRequest(string? Text, string? Via, bool? Solve);

internal sealed record TicketAnswered(TicketView Ticket, string Delivery, string? Task);

internal sealed record TicketAssignRequest(string? Agent);
