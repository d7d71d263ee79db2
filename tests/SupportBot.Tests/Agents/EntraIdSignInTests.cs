using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupportBot.Agents;
using SupportBot.Handoff;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Agents;

/// Microsoft Entra ID sign-in, as far as it goes without Entra ID: the wiring from Agents:EntraId and the mapping
/// of a token's app roles to an agent.
public sealed class EntraIdSignInTests
{
    [Fact]
    public async Task Agents_EntraId_wires_an_OpenID_Connect_scheme_that_signs_in_to_the_console_cookie()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["Agents:EntraId:TenantId"] = "contoso-tenant";
        factory.Settings["Agents:EntraId:ClientId"] = "console-client-id";
        factory.Settings["Agents:EntraId:ClientSecret"] = "console-client-secret";

        var session = await factory.CreateClient().GetFromJsonAsync<SessionView>(new Uri("/agent/session", UriKind.Relative));
        Assert.True(session!.EntraId);
        var options = factory.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(AgentAuthentication.EntraIdScheme);
        Assert.Equal("https://login.microsoftonline.com/contoso-tenant/v2.0", options.Authority);
        Assert.Equal(("console-client-id", "code", AgentAuthentication.CookieScheme), (options.ClientId, options.ResponseType, options.SignInScheme));
        Assert.Equal("/agent/signin-oidc", options.CallbackPath);
    }

    [Fact]
    public async Task Without_Agents_EntraId_there_is_no_Entra_ID_sign_in()
    {
        using var factory = new SupportBotFactory();
        var session = await factory.CreateClient().GetFromJsonAsync<SessionView>(new Uri("/agent/session", UriKind.Relative));
        Assert.False(session!.EntraId);
    }

    [Theory]
    [InlineData(new[] { "agent" }, "agent")]
    [InlineData(new[] { "Agent", "Supervisor" }, "supervisor")]
    [InlineData(new[] { "reader" }, null)]
    [InlineData(new string[0], null)]
    public void App_roles_decide_the_agents_role(string[] roles, string? expected)
    {
        var token = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("preferred_username", "dewi@contoso.com"), new Claim("name", "Dewi"), .. roles.Select(r => new Claim("roles", r))], "token"));

        var agent = AgentAuthentication.EntraIdAgent(token);

        Assert.Equal(expected is null ? null : new AgentIdentity("dewi@contoso.com", "Dewi", expected), agent);
    }
}
