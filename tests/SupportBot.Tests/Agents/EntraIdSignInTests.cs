using System.Globalization;
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
        var user = EntraIdUser.From(Token("oid-1", "dewi@contoso.com", roles));

        Assert.Equal(expected is null ? null : new EntraIdUser("contoso-tenant/oid-1", "dewi@contoso.com", "Dewi", expected), user);
    }

    [Fact]
    public void A_token_without_an_object_id_names_no_agent()
    {
        var token = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("tid", "contoso-tenant"), new Claim("preferred_username", "dewi@contoso.com"), new Claim("roles", "agent")], "token"));

        Assert.Null(EntraIdUser.From(token));
    }

    [Fact]
    public async Task Entra_users_are_accounts_keyed_by_object_id_so_a_recycled_user_name_is_not_the_old_agent()
    {
        using var factory = new SupportBotFactory();
        var accounts = factory.Services.GetRequiredService<EntraIdAccounts>();
        var leaver = EntraIdUser.From(Token("0d5a0b7e-0000-4000-8000-000000000001", "dewi@contoso.com", ["agent"]))!;
        var joiner = EntraIdUser.From(Token("0d5a0b7e-0000-4000-8000-000000000002", "dewi@contoso.com", ["agent"]))!;

        var (first, _) = await accounts.SignInAsync(leaver, CancellationToken.None);
        // The account takes the user name as its id, so conversations held under it before stay the agent's.
        Assert.Equal(("dewi@contoso.com", "contoso-tenant/0d5a0b7e-0000-4000-8000-000000000001"), (first!.Id, first.EntraObjectId));
        var (renamed, _) = await accounts.SignInAsync(leaver with { UserName = "dewi.santoso@contoso.com" }, CancellationToken.None);
        Assert.Equal("dewi@contoso.com", renamed!.Id);

        var (stranger, refusal) = await accounts.SignInAsync(joiner, CancellationToken.None);

        Assert.Null(stranger);
        Assert.Contains("already an account 'dewi@contoso.com'", refusal, StringComparison.Ordinal);
        Assert.Null(await factory.Services.GetRequiredService<AgentAccountStore>().VerifyAsync("dewi@contoso.com", string.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task The_local_account_decides_for_Entra_users_too_disabled_and_role()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["Agents:SessionRecheckSeconds"] = "0";
        var accounts = factory.Services.GetRequiredService<EntraIdAccounts>();
        var store = factory.Services.GetRequiredService<AgentAccountStore>();
        var boss = EntraIdUser.From(Token("oid-boss", "boss@contoso.com", ["supervisor"]))!;
        var (account, _) = await accounts.SignInAsync(boss, CancellationToken.None);
        var cookie = ConsoleSessions.Principal(account!);
        var identity = (ClaimsIdentity)cookie.Identity!;
        identity.AddClaim(new Claim(ConsoleSessions.ClaimType, "entra-session"));
        identity.AddClaim(new Claim(ConsoleSessions.SignedInClaim, factory.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        Assert.Null(await ConsoleSessions.RefusalAsync(cookie, factory.Services, CancellationToken.None));

        // Another supervisor first: the last enabled one is never demoted.
        Assert.True(await store.CreateAsync("deputy", "Deputy", AgentIdentity.SupervisorRole, "deputy-password", CancellationToken.None));
        Assert.True(await store.SetRoleAsync("boss@contoso.com", AgentIdentity.AgentRole, CancellationToken.None));
        Assert.NotNull(await ConsoleSessions.RefusalAsync(cookie, factory.Services, CancellationToken.None));
        // The app role still says supervisor; the local role caps it.
        Assert.Equal(AgentIdentity.AgentRole, (await accounts.SignInAsync(boss, CancellationToken.None)).Account!.Role);

        await store.SetDisabledAsync("boss@contoso.com", true, CancellationToken.None);
        var (disabled, refusal) = await accounts.SignInAsync(boss, CancellationToken.None);
        Assert.Null(disabled);
        Assert.Contains("disabled", refusal, StringComparison.Ordinal);
    }

    private static ClaimsPrincipal Token(string oid, string userName, string[] roles) => new(new ClaimsIdentity(
        [
            new Claim("oid", oid), new Claim("tid", "contoso-tenant"), new Claim("preferred_username", userName), new Claim("name", "Dewi"),
            .. roles.Select(r => new Claim("roles", r)),
        ],
        "token"));
}
