using System.Net;
using Microsoft.AspNetCore.Authentication;

namespace SupportBot.Agents;

/// The console's cookies (sign-in and antiforgery) are Secure over HTTPS, including HTTPS that a trusted proxy ended
/// (Hosting/ProxyHeaders), and outside Development over plain HTTP too, so a proxy that forgets X-Forwarded-Proto
/// cannot make the browser send them unencrypted. The one plain-HTTP case left is a request straight from the same
/// machine (dotnet run, a local trial): no network to read them on, and many clients never send a Secure cookie back
/// over http, which would leave such a console unable to sign in.
internal sealed class ConsoleCookieBuilder : RequestPathBaseCookieBuilder
{
    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        var sameMachine = context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
        options.Secure |= !sameMachine && !context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment();
        return options;
    }
}
