using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using SupportBot.Hosting;

namespace SupportBot.Agents;

/// Console sign-ins are cookies, which are stateless: signing out only deletes the browser's copy, and a copy taken
/// before would stay valid until it expires. So each sign-in carries its own id (sid), revoked on sign-out in the
/// RevocationList (Redis, or the store) that every instance checks on every cookie request: a signed-out cookie is
/// refused here and on any other instance.
internal static partial class ConsoleSessions
{
    public const string ClaimType = "sid";

    /// Matches the cookie's sliding lifetime: a cookie last renewed just before sign-out lives at most this long.
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(10);

    public static Task OnSigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is ClaimsIdentity identity && identity.FindFirst(ClaimType) is null)
        {
            identity.AddClaim(new Claim(ClaimType, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16))));
        }
        return Task.CompletedTask;
    }

    public static async Task OnValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.FindFirstValue(ClaimType) is not { } sid)
        {
            return;
        }
        var list = context.HttpContext.RequestServices.GetRequiredService<RevocationList>();
        if ((await list.RevokedAtAsync([Subject(sid)], context.HttpContext.RequestAborted))[0] > 0)
        {
            LogRefused(context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleSessions)),
                context.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AgentAuthentication.CookieScheme);
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a console cookie of {AgentId}: that session signed out")]
    private static partial void LogRefused(ILogger logger, string? agentId);
}
