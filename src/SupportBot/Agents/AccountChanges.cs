using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// One supervisor change to an account, as every account action makes it, with the rules that keep supervisors from
/// taking each other's access: only an owner (Agents:Owners) changes a supervisor's or an owner's account or makes
/// someone a supervisor (403); nobody changes their own access (409); the last enabled supervisor is never disabled,
/// deleted or demoted (409); an unknown account is a 404. A change made is logged, and forgotten by this instance's
/// ConsoleAccounts so the account's cookies are checked against it from the next request on.
internal sealed partial class AccountChanges(
    AgentAccountStore accounts, ConsoleAccounts consoleAccounts, IOptions<AgentOptions> options, ILogger<AccountChanges> logger)
{
    /// Null when the change was made, else the problem to answer with. makesSupervisor: the change gives the
    /// supervisor role; takesSupervisorAway: it disables, deletes or demotes.
    public async Task<ProblemHttpResult?> ApplyAsync(
        string id, ClaimsPrincipal user, string change, bool forbiddenOnSelf, Func<AgentAccountStore, CancellationToken, Task<bool>> apply, CancellationToken cancellationToken,
        bool makesSupervisor = false, bool takesSupervisorAway = false)
    {
        var supervisor = AgentApi.Agent(user).Id;
        var self = string.Equals(id, supervisor, StringComparison.OrdinalIgnoreCase);
        if (forbiddenOnSelf && self)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict, title: "Your own account", detail: "Ask another supervisor: your own account cannot be disabled, deleted or re-roled by you.");
        }
        var account = AgentAccount.IsValidId(id) ? await accounts.FindAsync(id, cancellationToken) : null;
        if (account is null)
        {
            return Unknown(id);
        }
        // Their own password and sessions are anyone's; their role and access are not (above).
        if (!self && !options.Value.IsOwner(supervisor) && (makesSupervisor || account.Role == AgentIdentity.SupervisorRole || options.Value.IsOwner(account.Id)))
        {
            LogRefused(logger, supervisor, id, change);
            return OwnersOnly();
        }
        if (!await apply(accounts, cancellationToken))
        {
            // Gone meanwhile, or the store's guard kept the last enabled supervisor.
            return takesSupervisorAway && await accounts.FindAsync(id, cancellationToken) is not null
                ? TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Last supervisor",
                    detail: $"'{id}' is the last enabled supervisor: make another account a supervisor first, or nobody could manage the accounts.")
                : Unknown(id);
        }
        consoleAccounts.Forget(id);
        LogChanged(logger, supervisor, id, change);
        return null;
    }

    /// The 403 for a supervisor who is not an owner and asks for what only owners may do.
    public static ProblemHttpResult OwnersOnly() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Owners manage supervisors",
        detail: "Only an owner (Agents:Owners) creates, re-roles, disables, deletes, resets or signs out supervisor accounts; supervisors manage agents.");

    private static ProblemHttpResult Unknown(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown account", detail: $"There is no account '{id}'.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Supervisor {SupervisorId}: the console account {AgentId} was {Change}")]
    private static partial void LogChanged(ILogger logger, string supervisorId, string agentId, string change);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused supervisor {SupervisorId}, not an owner: the console account {AgentId} would have been {Change}")]
    private static partial void LogRefused(ILogger logger, string supervisorId, string agentId, string change);
}
