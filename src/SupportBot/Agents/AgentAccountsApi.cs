using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// Supervisors manage console accounts: create them, and take them back. Disabling, re-roling, resetting the
/// password and "sign out everywhere" all end the account's current sessions (ConsoleSessions refuses their cookies);
/// deleting removes it. Supervisors manage agents; supervisors' accounts are the owners' (AccountChanges has the
/// rules), and the last enabled supervisor stays.
internal static partial class AgentAccountsApi
{
    public static RouteGroupBuilder MapAgentAccountsApi(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/accounts").RequireAuthorization(AgentApi.SupervisorPolicy);
        accounts.MapGet(string.Empty, ListAsync).WithSummary("The console accounts (supervisors only).");
        accounts.MapPost(string.Empty, CreateAsync).WithSummary("Create a console account (supervisors only).");
        accounts.MapPost("/{id}/disable", (string id, ClaimsPrincipal user, AccountChanges changes, CancellationToken ct)
            => Done(changes.ApplyAsync(id, user, "disabled", forbiddenOnSelf: true, (store, t) => store.SetDisabledAsync(id, true, t), ct, takesSupervisorAway: true)))
            .WithSummary("Disable an account: its sessions end and it cannot sign in (supervisors only).");
        accounts.MapPost("/{id}/enable", (string id, ClaimsPrincipal user, AccountChanges changes, CancellationToken ct)
            => Done(changes.ApplyAsync(id, user, "enabled", forbiddenOnSelf: true, (store, t) => store.SetDisabledAsync(id, false, t), ct)))
            .WithSummary("Enable a disabled account (supervisors only).");
        accounts.MapPost("/{id}/signout", (string id, ClaimsPrincipal user, AccountChanges changes, CancellationToken ct)
            => Done(changes.ApplyAsync(id, user, "signed out everywhere", forbiddenOnSelf: false, (store, t) => store.EndSessionsAsync(id, t), ct)))
            .WithSummary("Sign an agent out everywhere: every session of the account ends (supervisors only).");
        accounts.MapPost("/{id}/role", SetRoleAsync).WithSummary("Change an account's role; its sessions end (supervisors only).");
        accounts.MapPost("/{id}/password", SetPasswordAsync).WithSummary("Reset a local account's password; its sessions end (supervisors only).");
        accounts.MapDelete("/{id}", (string id, ClaimsPrincipal user, AccountChanges changes, CancellationToken ct)
            => Done(changes.ApplyAsync(id, user, "deleted", forbiddenOnSelf: true, (store, t) => store.DeleteAsync(id, t), ct, takesSupervisorAway: true)))
            .WithSummary("Delete an account: its sessions end and it cannot sign in (supervisors only).");
        return api;
    }

    private static async Task<Ok<List<AccountView>>> ListAsync(ClaimsPrincipal user, IOptions<AgentOptions> options, AgentAccountStore accounts, CancellationToken cancellationToken)
    {
        var owner = options.Value.IsOwner(AgentApi.Agent(user).Id);
        return TypedResults.Ok((await accounts.ListAsync(cancellationToken))
            .Select(a => a.View with { YouMayChange = owner || (a.Role != AgentIdentity.SupervisorRole && !options.Value.IsOwner(a.Id)) })
            .ToList());
    }

    private static async Task<Results<Created<AgentView>, ProblemHttpResult>> CreateAsync(
        NewAccountRequest? request, ClaimsPrincipal user, IOptions<AgentOptions> options, AgentAccountStore accounts, CancellationToken cancellationToken)
    {
        var id = request?.Id?.Trim();
        var name = request?.Name?.Trim();
        if (!AgentAccount.IsValidId(id) || string.IsNullOrEmpty(name) || name.Length > 100 || !AgentAccount.IsValidRole(request!.Role))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid account",
                detail: "Send {\"id\", \"name\", \"password\", \"role\"}: an id of letters, digits, '.', '_', '-' or '@' (64 at most), a name, and the role 'agent' or 'supervisor'.");
        }
        if (PasswordProblem(request.Password) is { } problem)
        {
            return problem;
        }
        if (request.Role == AgentIdentity.SupervisorRole && !options.Value.IsOwner(AgentApi.Agent(user).Id))
        {
            return AccountChanges.OwnersOnly();
        }
        if (!await accounts.CreateAsync(id!, name, request.Role!, request.Password!, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Account exists", detail: $"There is already an account '{id}'.");
        }
        return TypedResults.Created($"/api/agent/accounts/{Uri.EscapeDataString(id!)}", new AgentView(id!, name, request.Role!));
    }

    private static async Task<Results<Ok<AccountView?>, ProblemHttpResult>> SetRoleAsync(string id, RoleRequest? request, ClaimsPrincipal user, AccountChanges changes, AgentAccountStore accounts, CancellationToken cancellationToken)
    {
        if (!AgentAccount.IsValidRole(request?.Role))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid role", detail: "Send {\"role\": \"agent\"} or {\"role\": \"supervisor\"}.");
        }
        if (await changes.ApplyAsync(id, user, $"made {request!.Role}", forbiddenOnSelf: true, (store, t) => store.SetRoleAsync(id, request.Role!, t), cancellationToken,
            makesSupervisor: request.Role == AgentIdentity.SupervisorRole, takesSupervisorAway: request.Role != AgentIdentity.SupervisorRole) is { } refused)
        {
            return refused;
        }
        return TypedResults.Ok<AccountView?>((await accounts.FindAsync(id, cancellationToken))?.View);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetPasswordAsync(string id, PasswordRequest? request, ClaimsPrincipal user, AccountChanges changes, AgentAccountStore accounts, CancellationToken cancellationToken)
    {
        if (PasswordProblem(request?.Password) is { } problem)
        {
            return problem;
        }
        if (await accounts.FindAsync(id, cancellationToken) is { EntraObjectId: not null })
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict, title: "Signs in with Microsoft", detail: $"'{id}' signs in with Microsoft Entra ID and has no password here.");
        }
        return await Done(changes.ApplyAsync(id, user, "given a new password", forbiddenOnSelf: false, (store, t) => store.SetPasswordAsync(id, request!.Password!, t), cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Done(Task<ProblemHttpResult?> change)
        => await change is { } refused ? refused : TypedResults.NoContent();

    private static ProblemHttpResult? PasswordProblem(string? password) => password is { Length: >= AgentOptions.MinPasswordLength }
        ? null
        : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Password too short", detail: $"A password has at least {AgentOptions.MinPasswordLength} characters.");
}

internal sealed record NewAccountRequest(string? Id, string? Name, string? Password, string? Role);

internal sealed record RoleRequest(string? Role);

internal sealed record PasswordRequest(string? Password);
