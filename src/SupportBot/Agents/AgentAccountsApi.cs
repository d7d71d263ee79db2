namespace SupportBot.Agents;

/// Supervisors create console accounts for their agents.
internal static class AgentAccountsApi
{
    public static RouteGroupBuilder MapAgentAccountsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/accounts", CreateAsync).RequireAuthorization(AgentApi.SupervisorPolicy).WithSummary("Create a console account (supervisors only).");
        return api;
    }

    private static async Task<IResult> CreateAsync(NewAccountRequest? request, AgentAccountStore accounts, CancellationToken cancellationToken)
    {
        var id = request?.Id?.Trim();
        var name = request?.Name?.Trim();
        if (!AgentAccount.IsValidId(id) || string.IsNullOrEmpty(name) || name.Length > 100 || !AgentAccount.IsValidRole(request!.Role))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid account",
                detail: "Send {\"id\", \"name\", \"password\", \"role\"}: an id of letters, digits, '.', '_', '-' or '@' (64 at most), a name, and the role 'agent' or 'supervisor'.");
        }
        if (request.Password is not { Length: >= AgentOptions.MinPasswordLength })
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Password too short", detail: $"A password has at least {AgentOptions.MinPasswordLength} characters.");
        }
        if (!await accounts.CreateAsync(id!, name, request.Role!, request.Password, cancellationToken))
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Account exists", detail: $"There is already an account '{id}'.");
        }
        return Results.Created($"/api/agent/accounts/{Uri.EscapeDataString(id!)}", new AgentView(id!, name, request.Role!));
    }
}

internal sealed record NewAccountRequest(string? Id, string? Name, string? Password, string? Role);
