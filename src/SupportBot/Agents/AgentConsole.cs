using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.Handoff;
using SupportBot.Limits;

namespace SupportBot.Agents;

/// The console's own endpoints beside its static files (wwwroot/agent): sign-in and sign-out, the session the page
/// starts from, and the live hub. Everything else the console does goes through the agent API.
internal static partial class AgentConsole
{
    public static IEndpointRouteBuilder MapAgentConsole(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup("/agent").WithTags("Agent console");
        console.MapGet("/session", Session).AllowAnonymous().WithSummary("Who is signed in, with the antiforgery token for changes.");
        console.MapPost("/signin", SignInAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.SignIn).WithSummary("Sign in with a local account: sets the console cookie.");
        console.MapPost("/signout", (Func<HttpContext, Task<NoContent>>)SignOutAsync).RequireAuthorization(AgentApi.Policy).AddEndpointFilter<AntiforgeryCheck>().WithSummary("Sign out of the console.");
        if (app.ServiceProvider.GetRequiredService<IOptions<AgentOptions>>().Value.EntraId.Enabled)
        {
            console.MapGet("/signin/entra", () => TypedResults.Challenge(new AuthenticationProperties { RedirectUri = "/agent/" }, [AgentAuthentication.EntraIdScheme]))
                .AllowAnonymous().WithSummary("Sign in with Microsoft Entra ID.");
        }
        app.MapHub<AgentHub>(AgentHub.Path);
        return app;
    }

    private static SessionView Session(HttpContext context, IAntiforgery antiforgery, IOptions<AgentOptions> agents, IOptions<HandoffOptions> handoff)
    {
        var user = context.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        return new SessionView(
            signedIn ? AgentView.From(AgentApi.Agent(user)) : null,
            // Bound to the signed-in agent: the page asks again after signing in.
            signedIn ? antiforgery.GetAndStoreTokens(context).RequestToken : null,
            AntiforgeryCheck.Header,
            handoff.Value.AllQueues,
            agents.Value.EntraId.Enabled);
    }

    private static async Task<Results<Ok<AgentView>, ProblemHttpResult>> SignInAsync(
        SignInRequest? request, AgentAccountStore accounts, KeyedRateLimits limits, HttpContext context, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Id) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Id and password", detail: "Send {\"id\": \"...\", \"password\": \"...\"}.");
        }
        // Failures are counted per account whatever the address, so guessing one agent's password from many
        // addresses is slow too; once they are used up even the right password waits for the window to pass.
        var accountKey = request.Id.Trim().ToUpperInvariant();
        if (await limits.TryAcquireAsync(limits.AccountSignIns, accountKey, permits: 0) is { Allowed: false } locked)
        {
            return LimitProblems.TooManyRequests(context, locked.RetryAfter, "failed sign-ins per account");
        }
        var account = await accounts.VerifyAsync(request.Id.Trim(), request.Password, cancellationToken);
        if (account is null)
        {
            await limits.TryAcquireAsync(limits.AccountSignIns, accountKey);
            LogRefused(loggers.CreateLogger(typeof(AgentConsole)), request.Id.Trim(), context.Connection.RemoteIpAddress?.ToString());
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong agent id or password");
        }
        await context.SignInAsync(AgentAuthentication.CookieScheme, ConsoleSessions.Principal(account));
        return TypedResults.Ok(AgentView.From(account.Identity));
    }

    private static async Task<NoContent> SignOutAsync(HttpContext context)
    {
        await ConsoleSessions.SignOutAsync(context);
        return TypedResults.NoContent();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a console sign-in as {AgentId} from {RemoteAddress}")]
    private static partial void LogRefused(ILogger logger, string agentId, string? remoteAddress);
}

internal sealed record SignInRequest(string? Id, string? Password);

internal sealed record AgentView(string Id, string Name, string Role)
{
    public static AgentView From(AgentIdentity agent) => new(agent.Id, agent.Name, agent.Role);
}

internal sealed record SessionView(AgentView? Agent, string? AntiforgeryToken, string AntiforgeryHeader, IReadOnlyList<string> Queues, bool EntraId);
