using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// Canned responses: every agent reads the team's set and their own, manages their own personal set, and
/// supervisors manage the team's. A response is filled in for a conversation by the server (the customer's and
/// the agent's names), so a tool using the API gets the same text the console inserts.
internal static class CannedResponsesApi
{
    public static RouteGroupBuilder MapCannedResponsesApi(this RouteGroupBuilder api)
    {
        var canned = api.MapGroup("/canned-responses");
        canned.MapGet(string.Empty, ListAsync).WithSummary("The team's canned responses and the agent's own, by shortcut.");
        canned.MapPost(string.Empty, CreateAsync)
            .WithSummary("Add a canned response: scope 'personal' (the agent's own) or 'team' (supervisors only). Placeholders: {customer.name}, {customer.firstName}, {agent.name}.");
        canned.MapPut("/{responseId}", UpdateAsync).WithSummary("Change a canned response (a personal one by its owner, a team one by a supervisor).");
        canned.MapDelete("/{responseId}", DeleteAsync).WithSummary("Delete a canned response (a personal one by its owner, a team one by a supervisor).");
        api.MapGet("/conversations/{id}/canned-responses/{responseId}", FillAsync)
            .WithSummary("A canned response filled in for the conversation; placeholders with no value stay and are listed in missing.");
        return api;
    }

    private static async Task<Ok<List<CannedResponseView>>> ListAsync(ClaimsPrincipal user, CannedResponseStore store, CancellationToken cancellationToken)
        => TypedResults.Ok((await store.ListForAsync(AgentApi.Agent(user).Id, cancellationToken)).Select(CannedResponseView.From).ToList());

    private static async Task<Results<Created<CannedResponseView>, ProblemHttpResult>> CreateAsync(CannedResponseRequest? request, ClaimsPrincipal user, CannedResponseStore store, CancellationToken cancellationToken)
    {
        var agent = AgentApi.Agent(user);
        var scope = request?.Scope?.Trim() ?? CannedResponse.PersonalScope;
        if (scope is not (CannedResponse.PersonalScope or CannedResponse.TeamScope))
        {
            return Invalid("The scope is 'personal' (your own set) or 'team' (the team's set, supervisors only).");
        }
        if (Problem(request) is { } problem)
        {
            return problem;
        }
        if (scope == CannedResponse.TeamScope && !agent.IsSupervisor)
        {
            return TeamOnlyForSupervisors();
        }
        var owner = scope == CannedResponse.TeamScope ? null : agent.Id;
        var shortcut = request!.Shortcut!.Trim();
        var created = await store.CreateAsync(owner, shortcut, Title(request), request.Text!.Trim(), agent.Id, cancellationToken);
        return created is null
            ? Taken(shortcut, scope)
            : TypedResults.Created($"/api/agent/canned-responses/{created.Id}", CannedResponseView.From(created));
    }

    private static async Task<Results<Ok<CannedResponseView>, ProblemHttpResult>> UpdateAsync(
        string responseId, CannedResponseRequest? request, ClaimsPrincipal user, CannedResponseStore store, CancellationToken cancellationToken)
    {
        var agent = AgentApi.Agent(user);
        if (Problem(request) is { } problem)
        {
            return problem;
        }
        var (existing, refusal) = await EditableAsync(responseId, agent, store, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var changed = existing! with { Shortcut = request!.Shortcut!.Trim(), Title = Title(request), Text = request.Text!.Trim(), UpdatedAt = store.Now, UpdatedBy = agent.Id };
        return await store.UpdateAsync(changed, cancellationToken) ? TypedResults.Ok(CannedResponseView.From(changed)) : Taken(changed.Shortcut, changed.Scope);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string responseId, ClaimsPrincipal user, CannedResponseStore store, CancellationToken cancellationToken)
    {
        var (_, refusal) = await EditableAsync(responseId, AgentApi.Agent(user), store, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        await store.DeleteAsync(responseId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<FilledResponse>, ProblemHttpResult>> FillAsync(
        string id, string responseId, ClaimsPrincipal user, CannedResponseStore store, HandoffService handoffs, CancellationToken cancellationToken)
    {
        var agent = AgentApi.Agent(user);
        var response = await store.FindAsync(responseId, cancellationToken);
        if (response is null || !Visible(response, agent))
        {
            return NotFound(responseId);
        }
        if (await handoffs.FindLatestAsync(id, cancellationToken) is not { } handoff)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No handoff", detail: $"Conversation '{id}' was never handed to an agent.");
        }
        return TypedResults.Ok(response.Fill(handoff.Reference.User?.Name, agent.Name));
    }

    // A personal response is its owner's alone: to anyone else it does not exist. A team response is changed by
    // supervisors.
    private static async Task<(CannedResponse? Response, ProblemHttpResult? Refusal)> EditableAsync(
        string responseId, AgentIdentity agent, CannedResponseStore store, CancellationToken cancellationToken)
    {
        var response = await store.FindAsync(responseId, cancellationToken);
        if (response is null || !Visible(response, agent))
        {
            return (null, NotFound(responseId));
        }
        return response.Owner is null && !agent.IsSupervisor ? (null, TeamOnlyForSupervisors()) : (response, null);
    }

    private static bool Visible(CannedResponse response, AgentIdentity agent)
        => response.Owner is null || string.Equals(response.Owner, agent.Id, StringComparison.OrdinalIgnoreCase);

    private static ProblemHttpResult? Problem(CannedResponseRequest? request)
    {
        if (!CannedResponse.IsValidShortcut(request?.Shortcut?.Trim()))
        {
            return Invalid("A shortcut is 1 to 32 lowercase letters, digits, '-' or '_', starting with a letter or digit (typed after '/' in the reply box).");
        }
        var text = request!.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > CannedResponse.MaxTextLength)
        {
            return Invalid($"The text is 1 to {CannedResponse.MaxTextLength} characters.");
        }
        if (request.Title?.Trim().Length > CannedResponse.MaxTitleLength)
        {
            return Invalid($"A title is at most {CannedResponse.MaxTitleLength} characters.");
        }
        if (CannedResponse.UnknownPlaceholders(text) is { Count: > 0 } unknown)
        {
            return Invalid($"Unknown placeholder {string.Join(", ", unknown.Select(p => $"{{{p}}}"))}. Placeholders: {string.Join(", ", CannedResponse.Placeholders.Select(p => $"{{{p}}}"))}.");
        }
        return null;
    }

    private static string Title(CannedResponseRequest request) => request.Title?.Trim() is { Length: > 0 } title ? title : request.Shortcut!.Trim();

    private static ProblemHttpResult Invalid(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid canned response", detail: detail);

    private static ProblemHttpResult TeamOnlyForSupervisors() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden, title: "Supervisors only", detail: "Only supervisors manage the team's canned responses; add it to your personal set instead.");

    private static ProblemHttpResult NotFound(string responseId)
        => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown canned response", detail: $"No canned response '{responseId}'.");

    private static ProblemHttpResult Taken(string shortcut, string scope)
        => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Shortcut taken", detail: $"The {scope} set already has a response '/{shortcut}'.");
}
