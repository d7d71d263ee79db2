using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupportBot.Agents;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Agents;

/// The console's cookies carry Secure whenever they cross a network: over HTTPS, behind a TLS-terminating proxy
/// the host trusts (X-Forwarded-Proto), and outside Development even over plain HTTP. Only a plain-HTTP request
/// straight from the same machine (dotnet run, the browser tests) gets them without, or the console could not work.
public sealed class ConsoleCookieTransportTests
{
    private static SupportBotFactory Host(string environment, IReadOnlyDictionary<string, string>? settings = null)
    {
        var factory = new SupportBotFactory { TestServices = services => services.AddSingleton<IStartupFilter, RemoteAddress>() };
        factory.Settings["environment"] = environment;
        factory.Settings["Agents:Admin:Id"] = AgentHost.AdminId;
        factory.Settings["Agents:Admin:Password"] = AgentHost.AdminPassword;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            factory.Settings[key] = value;
        }
        return factory;
    }

    /// Signs in as a connection from `remote` would, with the headers a proxy adds.
    private static async Task<string> SignInCookieAsync(SupportBotFactory factory, IPAddress remote, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/agent/signin") { Content = JsonContent.Create(new { id = AgentHost.AdminId, password = AgentHost.AdminPassword }) };
        request.Headers.Add(RemoteAddress.Header, remote.ToString());
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        var response = await factory.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AgentAuthentication.CookieName + "=", StringComparison.Ordinal));
    }

    private static bool IsSecure(string setCookie) => setCookie.Split(';').Any(p => p.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Behind_a_TLS_terminating_proxy_on_loopback_the_sign_in_cookie_is_Secure()
    {
        using var factory = Host("Production");

        var cookie = await SignInCookieAsync(factory, IPAddress.Loopback, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.7"));

        Assert.True(IsSecure(cookie), cookie);
    }

    [Fact]
    public async Task A_configured_proxy_is_trusted_and_any_other_address_may_not_claim_HTTPS()
    {
        using var factory = Host("Development", new Dictionary<string, string> { ["Hosting:KnownProxies:0"] = "10.0.0.5" });

        Assert.True(IsSecure(await SignInCookieAsync(factory, IPAddress.Parse("10.0.0.5"), ("X-Forwarded-Proto", "https"))));
        // In Development a plain-HTTP cookie stays as the request came, so only a trusted X-Forwarded-Proto makes it Secure.
        Assert.False(IsSecure(await SignInCookieAsync(factory, IPAddress.Parse("10.0.0.6"), ("X-Forwarded-Proto", "https"))));
    }

    [Fact]
    public async Task Outside_Development_plain_HTTP_from_another_machine_still_gets_Secure_cookies()
    {
        using var factory = Host("Production");

        Assert.True(IsSecure(await SignInCookieAsync(factory, IPAddress.Parse("198.51.100.20"))));
        var antiforgery = factory.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie;
        var auth = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(AgentAuthentication.CookieScheme).Cookie;
        var remote = new DefaultHttpContext { RequestServices = factory.Services };
        remote.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.20");
        Assert.True(antiforgery.Build(remote).Secure);
        Assert.True(auth.Build(remote).Secure);
    }

    [Fact]
    public async Task Outside_Development_plain_HTTP_straight_from_loopback_still_signs_in_as_dotnet_run_does()
    {
        using var factory = Host("Production");

        var cookie = await SignInCookieAsync(factory, IPAddress.Loopback);

        Assert.False(IsSecure(cookie), cookie);
    }

    /// The test server has no network: the address a connection comes from is taken from a test header, before any
    /// of the host's middleware runs, as Kestrel would have set it.
    private sealed class RemoteAddress : IStartupFilter
    {
        public const string Header = "X-Test-Remote-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header], out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
