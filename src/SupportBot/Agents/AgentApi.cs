using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.Answering;
using SupportBot.Channels.DirectLine;
using SupportBot.Handoff;
using SupportBot.Touchpoints;

namespace SupportBot.Agents;

/// The agent HTTP API: the queue, and claim, reply, transfer, resolve and read a conversation. `{id}` is the
/// conversation id of the customer's channel. The console uses it with its cookie (changes need the antiforgery
/// token); tools authenticate with X-Api-Key.
internal static class AgentApi
{
    public const string Policy = "agents";
    public const string SupervisorPolicy = "supervisors";
    public const int MaxMessageLength = 4000;
    private const int JourneyTouchpoints = 200;
    private const int Suggestions = 3;

    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/agent").RequireAuthorization(Policy).WithTags("Agents").AddEndpointFilter<AntiforgeryCheck>();
        // Every call is a sign of life: agents using the API count as online. Changes are activity too (reads are not:
        // a console refreshes by itself), which keeps the agent from going idle.
        api.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var agentId = Agent(http.User).Id;
            http.RequestServices.GetRequiredService<AgentPresence>().Seen(agentId);
            if (!HttpMethods.IsGet(http.Request.Method))
            {
                await http.RequestServices.GetRequiredService<AgentRoutingStore>().ActiveAsync(agentId, http.RequestAborted);
            }
            return await next(context);
        });
        api.MapGet("/queue", QueueAsync).WithSummary("Open handoffs: the waiting queue and the conversations agents hold.");
        api.MapPost("/conversations/{id}/claim", ClaimAsync).WithSummary("Take a waiting conversation; only one agent gets it.");
        api.MapPost("/conversations/{id}/messages", SendAsync).WithSummary("Reply to the customer (Markdown), through their channel.");
        api.MapPost("/conversations/{id}/transfer", TransferAsync).WithSummary("Pass the conversation to another agent or back into a queue.");
        api.MapPost("/conversations/{id}/resolve", ResolveAsync).WithSummary("Hand the conversation back to the bot and send the survey.");
        api.MapPost("/conversations/{id}/end", EndAsync).RequireAuthorization(SupervisorPolicy)
            .WithSummary("End a Direct Line conversation for its customer: every token it has is revoked and its stream closed (supervisors only).");
        api.MapGet("/conversations/{id}/transcript", TranscriptAsync).WithSummary("The conversation, its handoff and the customer's journey.");
        api.MapGet("/conversations/{id}/suggestions", SuggestionsAsync).WithSummary("Knowledge sections that may answer the customer's latest message.");
        api.MapPost("/conversations/{id}/notes", NoteAsync)
            .WithSummary("A private note for colleagues: never sent to the customer; @id mentions notify those agents' consoles.");
        api.MapGet("/transfer-targets", TransferTargetsAsync).WithSummary("Who and where a conversation can be transferred to: enabled agents (online first) and the queues.");
        api.MapAgentAccountsApi();
        api.MapCannedResponsesApi();
        api.MapAgentConsoleApi();
        api.MapAgentFilesApi();
        api.MapRoutingApi();
        api.MapTicketsApi();
        return app;
    }

    public static AgentIdentity Agent(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("An authenticated agent has no id."),
        user.FindFirstValue(ClaimTypes.Name) ?? user.FindFirstValue(ClaimTypes.NameIdentifier)!,
        user.IsInRole(AgentIdentity.SupervisorRole) ? AgentIdentity.SupervisorRole : AgentIdentity.AgentRole);

    private static async Task<Ok<List<HandoffView>>> QueueAsync(HandoffService handoffs, SlaClock sla, TimeProvider time, CancellationToken cancellationToken)
    {
        var open = await handoffs.ListOpenAsync(cancellationToken);
        var now = time.GetUtcNow();
        var views = open.Select(h => HandoffView.From(
            h, now, h.State == HandoffStates.Queued ? open.Where(q => q.State == HandoffStates.Queued && q.Queue == h.Queue).TakeWhile(q => q.Id != h.Id).Count() + 1 : null)
            with
        { Sla = sla.Of(h, now) });
        return TypedResults.Ok(views.ToList());
    }

    private static async Task<Results<Ok<HandoffView>, ProblemHttpResult>> ClaimAsync(string id, ClaimsPrincipal user, HandoffService handoffs, TimeProvider time, CancellationToken cancellationToken)
        => ToResult(await handoffs.ClaimAsync(id, Agent(user), cancellationToken), time);

    private static async Task<Results<Ok<AgentMessageSent>, ProblemHttpResult>> SendAsync(string id, AgentMessageRequest? request, ClaimsPrincipal user, HandoffService handoffs, TimeProvider time, CancellationToken cancellationToken)
    {
        var text = request?.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Empty message", detail: "Send {\"text\": \"...\"} with the reply.");
        }
        if (text.Length > MaxMessageLength)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Message too long", detail: $"A reply is at most {MaxMessageLength} characters.");
        }
        var result = await handoffs.SendAsync(id, Agent(user), text, cancellationToken);
        return result.Status == HandoffStatus.Done ? TypedResults.Ok(new AgentMessageSent(id, time.GetUtcNow())) : Refused(result);
    }

    private static async Task<Results<Ok<HandoffView>, ProblemHttpResult>> TransferAsync(string id, TransferRequest? request, ClaimsPrincipal user, HandoffService handoffs, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request is null || (string.IsNullOrWhiteSpace(request.Agent) == string.IsNullOrWhiteSpace(request.Queue)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Where to?", detail: "Send {\"agent\": \"id\"} or {\"queue\": \"name\"}, one of them.");
        }
        return ToResult(await handoffs.TransferAsync(id, Agent(user), request.Agent?.Trim(), request.Queue?.Trim(), cancellationToken), time);
    }

    private static async Task<Results<Ok<AgentNoteView>, ProblemHttpResult>> NoteAsync(string id, AgentNoteRequest? request, ClaimsPrincipal user, PrivateNotes notes, CancellationToken cancellationToken)
    {
        var text = request?.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxMessageLength)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid note", detail: $"Send {{\"text\": \"...\"}} with 1 to {MaxMessageLength} characters.");
        }
        var (note, refusal) = await notes.AddAsync(id, Agent(user), text, cancellationToken);
        return refusal is null ? TypedResults.Ok(note!) : TypedResults.Problem(statusCode: refusal.Status, title: refusal.Title, detail: refusal.Detail);
    }

    private static async Task<Ok<TransferTargetsView>> TransferTargetsAsync(AgentDirectory directory, IOptions<HandoffOptions> options, CancellationToken cancellationToken)
        => TypedResults.Ok(new TransferTargetsView(await directory.ListAsync(cancellationToken), options.Value.AllQueues));

    private static async Task<Results<Ok<HandoffView>, ProblemHttpResult>> ResolveAsync(string id, ClaimsPrincipal user, HandoffService handoffs, TimeProvider time, CancellationToken cancellationToken)
        => ToResult(await handoffs.ResolveAsync(id, Agent(user), cancellationToken), time);

    private static async Task<Results<NoContent, ProblemHttpResult>> EndAsync(string id, DirectLineStore directLine, TokenRevocations revocations, CancellationToken cancellationToken)
    {
        if (await directLine.FindAsync(id, cancellationToken) is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "Unknown conversation", detail: $"No Direct Line conversation '{id}': only Direct Line conversations have tokens to revoke.");
        }
        await revocations.RevokeConversationsAsync([id], cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TranscriptView>, ProblemHttpResult>> TranscriptAsync(string id, HandoffService handoffs, TouchpointStore touchpoints, SlaClock sla, TimeProvider time, CancellationToken cancellationToken)
    {
        var transcript = await touchpoints.GetConversationAsync(id, cancellationToken);
        var handoff = await handoffs.FindLatestAsync(id, cancellationToken);
        if (transcript.Count == 0 && handoff is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown conversation", detail: $"No conversation '{id}'.");
        }
        var customer = handoff?.CustomerId ?? transcript[0].CustomerId;
        var journey = await touchpoints.GetCustomerAsync(customer, JourneyTouchpoints, cancellationToken);
        return TypedResults.Ok(new TranscriptView(
            handoff is null ? null : HandoffView.From(handoff, time.GetUtcNow()) with { Sla = sla.Of(handoff, time.GetUtcNow()) },
            [.. transcript.Select(TouchpointView.From)],
            [.. journey.Select(TouchpointView.From)],
            customer));
    }

    private static async Task<Results<Ok<SuggestionsView>, ProblemHttpResult>> SuggestionsAsync(string id, TouchpointStore touchpoints, SuggestionFinder finder, CancellationToken cancellationToken)
    {
        var transcript = await touchpoints.GetConversationAsync(id, cancellationToken);
        if (transcript.Count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown conversation", detail: $"No conversation '{id}'.");
        }
        var latest = transcript.LastOrDefault(t => t.Kind == TouchpointKind.CustomerMessage && !string.IsNullOrWhiteSpace(t.Text))?.Text;
        return TypedResults.Ok(new SuggestionsView(latest, latest is null ? [] : finder.Find(latest, Suggestions)));
    }

    internal static Results<Ok<HandoffView>, ProblemHttpResult> ToResult(HandoffResult result, TimeProvider time)
        => result.Status == HandoffStatus.Done ? TypedResults.Ok(HandoffView.From(result.Handoff!, time.GetUtcNow())) : Refused(result);

    // Every status but Done, as the problem the API answers with.
    internal static ProblemHttpResult Refused(HandoffResult result) => result.Status switch
    {
        HandoffStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No open handoff", detail: result.Problem),
        HandoffStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Problem),
        HandoffStatus.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your conversation", detail: result.Problem),
        HandoffStatus.UnknownTarget => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown transfer target", detail: result.Problem),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Customer unreachable", detail: result.Problem),
    };
}
