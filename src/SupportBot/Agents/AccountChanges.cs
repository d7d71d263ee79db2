using System.Security.Claims;

namespace SupportBot.Agents;

/// One supervisor change to an account, as every account action makes it: refused on their own account where that
/// could lock everyone out, 404 for an unknown account, logged, and forgotten by this instance's ConsoleAccounts so
/// the account's cookies are checked against the change from the next request on.
internal sealed partial class AccountChanges(AgentAccountStore accounts, ConsoleAccounts consoleAccounts, ILogger<AccountChanges> logger)
{
    /// Null when the change was made, else the problem to answer with.
    public async Task<IResult?> ApplyAsync(
        string id, ClaimsPrincipal user, string change, bool forbiddenOnSelf, Func<AgentAccountStore, CancellationToken, Task<bool>> apply, CancellationToken cancellationToken)
    {
        var supervisor = AgentApi.Agent(user).Id;
        if (forbiddenOnSelf && string.Equals(id, supervisor, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict, title: "Your own account", detail: "Ask another supervisor: your own account cannot be disabled, deleted or re-roled by you.");
        }
        if (!AgentAccount.IsValidId(id) || !await apply(accounts, cancellationToken))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown account", detail: $"There is no account '{id}'.");
        }
        consoleAccounts.Forget(id);
        LogChanged(logger, supervisor, id, change);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Supervisor {SupervisorId}: the console account {AgentId} was {Change}")]
    private static partial void LogChanged(ILogger logger, string supervisorId, string agentId, string change);
}
