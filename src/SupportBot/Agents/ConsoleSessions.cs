using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using SupportBot.Credentials;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// Console sign-ins are cookies, which are stateless: signing out only deletes the browser's copy, and a copy taken
/// before would stay valid until it expires. So each sign-in carries its own id (sid), revoked on sign-out in the
/// RevocationList (Redis, or the store) that every instance checks on every cookie request: a signed-out cookie is
/// refused here and on any other instance. It also carries when it signed in, for the absolute lifetime, and the
/// account's session version, which ConsoleAccounts compares with the account as it is now.
internal static partial class ConsoleSessions
{
    public const string ClaimType = "sid";
    public const string SignedInClaim = "signed_in";
    public const string VersionClaim = "session_version";

    /// Matches the cookie's sliding lifetime: a cookie last renewed just before sign-out lives at most this long.
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(10);

    /// The cookie principal of a console account; the sign-in's id and time are added as it is signed in.
    public static ClaimsPrincipal Principal(AgentAccount account)
    {
        var principal = AgentPrincipal.Create(account.Identity, AgentAuthentication.CookieScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(VersionClaim, account.SessionVersion.ToString(CultureInfo.InvariantCulture)));
        return principal;
    }

    public static Task OnSigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is ClaimsIdentity identity && identity.FindFirst(ClaimType) is null)
        {
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            identity.AddClaim(new Claim(ClaimType, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16))));
            identity.AddClaim(new Claim(SignedInClaim, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }
        return Task.CompletedTask;
    }

    public static async Task OnValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal)
        {
            return;
        }
        var services = context.HttpContext.RequestServices;
        var refusal = await RefusalAsync(principal, services, context.HttpContext.RequestAborted);
        if (refusal is not null)
        {
            LogRefused(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleSessions)), principal.FindFirstValue(ClaimTypes.NameIdentifier), refusal);
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AgentAuthentication.CookieScheme);
        }
    }

    /// Why a console principal may no longer act, or null while it may. The hub asks too: its connection outlives
    /// the request that opened it.
    public static async Task<string?> RefusalAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (principal.Identity?.AuthenticationType != AgentAuthentication.CookieScheme)
        {
            return null;
        }
        // Cookies from before these claims existed carry neither: they sign in again.
        if (principal.FindFirstValue(ClaimType) is not { } sid
            || !long.TryParse(principal.FindFirstValue(SignedInClaim), CultureInfo.InvariantCulture, out var signedIn)
            || !long.TryParse(principal.FindFirstValue(VersionClaim), CultureInfo.InvariantCulture, out var version))
        {
            return "it predates session versions";
        }
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var absolute = TimeSpan.FromHours(services.GetRequiredService<IOptions<AgentOptions>>().Value.SessionAbsoluteHours);
        if (now - DateTimeOffset.FromUnixTimeSeconds(signedIn) > absolute)
        {
            return "the sign-in is older than Agents:SessionAbsoluteHours";
        }
        var list = services.GetRequiredService<RevocationList>();
        if ((await list.RevokedAtAsync([Subject(sid)], cancellationToken))[0] > 0)
        {
            return "that session signed out";
        }
        var account = await services.GetRequiredService<ConsoleAccounts>().FindAsync(principal.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        return account is null ? "the account was deleted"
            : account.Disabled ? "the account is disabled"
            : account.SessionVersion != version ? "a supervisor ended the account's sessions"
            : principal.IsInRole(AgentIdentity.SupervisorRole) && account.Role != AgentIdentity.SupervisorRole ? "the account is no longer a supervisor"
            : null;
    }

    public static async Task SignOutAsync(HttpContext context)
    {
        if (context.User.FindFirstValue(ClaimType) is { } sid)
        {
            var list = context.RequestServices.GetRequiredService<RevocationList>();
            await list.AddAsync([(Subject(sid), list.Now, list.Now + (long)Lifetime.TotalSeconds)], context.RequestAborted);
        }
        await context.SignOutAsync(AgentAuthentication.CookieScheme);
    }

    private static string Subject(string sid) => $"console-session:{sid}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a console cookie of {AgentId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string? agentId, string reason);
}
