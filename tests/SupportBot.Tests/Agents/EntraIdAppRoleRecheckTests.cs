using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Agents;

/// An Entra ID agent's app roles and account state are read again from Microsoft Graph (a faithful fake on loopback,
/// with its token endpoint) at each Agents:SessionRecheckSeconds re-read: a role taken away, a user unassigned,
/// disabled or deleted in Entra ID ends the console session without waiting for the next sign-in. The sessions are
/// checked as every cookie request checks them (ConsoleSessions.RefusalAsync), on the store the tests run against.
public sealed class EntraIdAppRoleRecheckTests : IAsyncLifetime, IDisposable
{
    private readonly SupportBotFactory _factory = new();
    private FakeEntraGraph _graph = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeEntraGraph.StartAsync();
        _factory.Settings["Agents:EntraId:Instance"] = _graph.BaseUrl + "/";
        _factory.Settings["Agents:EntraId:TenantId"] = FakeEntraGraph.Tenant;
        _factory.Settings["Agents:EntraId:ClientId"] = FakeEntraGraph.ClientId;
        _factory.Settings["Agents:EntraId:ClientSecret"] = FakeEntraGraph.ClientSecret;
        _factory.Settings["Agents:EntraId:GraphBaseUrl"] = _graph.BaseUrl;
        _factory.Settings["Agents:EntraId:GraphGraceMinutes"] = "10";
        _factory.Settings["Agents:SessionRecheckSeconds"] = "30";
    }

    public async Task DisposeAsync() => await _graph.DisposeAsync();

    public void Dispose() => _factory.Dispose();

    private async Task<AgentAccount> EntraAccountAsync(string objectId, params Guid[] roles)
    {
        _graph.Users[objectId] = (true, roles);
        var id = $"{objectId}@contoso.example";
        Assert.True(await _factory.Services.GetRequiredService<AgentAccountStore>().CreateEntraIdAsync(id, objectId, "supervisor", $"{FakeEntraGraph.Tenant}/{objectId}", CancellationToken.None));
        return (await _factory.Services.GetRequiredService<AgentAccountStore>().FindAsync(id, CancellationToken.None))!;
    }

    // The cookie principal an Entra ID sign-in gives the account (with the role the token and account allow).
    private ClaimsPrincipal SignedIn(AgentAccount account, string role)
    {
        var principal = ConsoleSessions.Principal(account with { Role = role });
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim(ConsoleSessions.ClaimType, Guid.NewGuid().ToString("N")));
        identity.AddClaim(new Claim(ConsoleSessions.SignedInClaim, _factory.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return principal;
    }

    private Task<string?> RefusalAsync(ClaimsPrincipal principal) => ConsoleSessions.RefusalAsync(principal, _factory.Services, CancellationToken.None);

    private void NextRecheck() => _factory.Clock.Advance(TimeSpan.FromSeconds(31));

    [Fact]
    public async Task Entra_ID_role_removal_unassignment_disabling_and_deletion_end_the_session_within_the_recheck_interval()
    {
        var account = await EntraAccountAsync("0f1e2d3c-aaaa-4b5c-9d8e-000000000001", FakeEntraGraph.SupervisorRoleId);
        var supervisor = SignedIn(account, "supervisor");
        var agent = SignedIn(account, "agent");
        Assert.Null(await RefusalAsync(supervisor));

        // The supervisor app role is taken away, the agent role left: the supervisor session ends at the next re-read.
        _graph.Users[account.Name] = (true, [FakeEntraGraph.AgentRoleId]);
        Assert.Null(await RefusalAsync(supervisor));
        NextRecheck();
        Assert.Equal("the account is no longer a supervisor", await RefusalAsync(supervisor));
        Assert.Null(await RefusalAsync(agent));

        // Unassigned from the app, disabled, deleted: no session at all.
        _graph.Users[account.Name] = (true, []);
        NextRecheck();
        Assert.Equal("the account is disabled", await RefusalAsync(agent));
        _graph.Users[account.Name] = (true, [FakeEntraGraph.AgentRoleId]);
        NextRecheck();
        Assert.Null(await RefusalAsync(agent));
        _graph.Users[account.Name] = (false, [FakeEntraGraph.AgentRoleId]);
        NextRecheck();
        Assert.Equal("the account is disabled", await RefusalAsync(agent));
        _graph.Users.TryRemove(account.Name, out _);
        NextRecheck();
        Assert.Equal("the account is disabled", await RefusalAsync(agent));
        Assert.Contains(_graph.Requests, r => r.StartsWith($"/{FakeEntraGraph.Tenant}/oauth2/v2.0/token", StringComparison.Ordinal));
        Assert.Contains(_graph.Requests, r => r.Contains("/appRoleAssignments?$filter=resourceId eq ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Roles_assigned_through_a_group_count_for_its_direct_members_across_pages()
    {
        _graph.PageSize = 1;
        _graph.GroupRoles["group-support-leads"] = [FakeEntraGraph.SupervisorRoleId];
        _graph.GroupRoles["group-support-desk"] = [FakeEntraGraph.AgentRoleId];
        _graph.GroupRoles["group-unrelated"] = [FakeEntraGraph.AgentRoleId];
        var account = await EntraAccountAsync("0f1e2d3c-aaaa-4b5c-9d8e-000000000003");
        _graph.Memberships[account.Name] = ["group-other", "group-support-desk", "group-support-leads"];
        var supervisor = SignedIn(account, "supervisor");
        var agent = SignedIn(account, "agent");
        Assert.Null(await RefusalAsync(supervisor));
        Assert.Contains(_graph.Requests, r => r.Contains("/appRoleAssignedTo?$skiptoken=", StringComparison.Ordinal));
        Assert.Contains(_graph.Requests, r => r.Contains("/memberOf/microsoft.graph.group?$select=id&$skiptoken=", StringComparison.Ordinal));

        // Out of the leads group: a supervisor no more, still an agent through the desk group.
        _graph.Memberships[account.Name] = ["group-support-desk"];
        NextRecheck();
        Assert.Equal("the account is no longer a supervisor", await RefusalAsync(supervisor));
        Assert.Null(await RefusalAsync(agent));

        // The desk group's assignment removed: seen once the app's group assignments are read again.
        _graph.GroupRoles.TryRemove("group-support-desk", out _);
        NextRecheck();
        Assert.Null(await RefusalAsync(agent));
        _factory.Clock.Advance(EntraIdAppRoles.GroupAssignmentsLifetime);
        Assert.Equal("the account is disabled", await RefusalAsync(agent));
    }

    [Fact]
    public async Task While_Graph_cannot_be_reached_a_session_keeps_its_last_known_role_for_the_grace_then_ends()
    {
        var account = await EntraAccountAsync("0f1e2d3c-aaaa-4b5c-9d8e-000000000002", FakeEntraGraph.SupervisorRoleId);
        var supervisor = SignedIn(account, "supervisor");
        Assert.Null(await RefusalAsync(supervisor));

        _graph.Down = true;
        NextRecheck();
        Assert.Null(await RefusalAsync(supervisor));
        _factory.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("the account is disabled", await RefusalAsync(supervisor));

        _graph.Down = false;
        NextRecheck();
        Assert.Null(await RefusalAsync(supervisor));
    }

    [Fact]
    public async Task Local_accounts_are_not_looked_up_in_Graph()
    {
        var store = _factory.Services.GetRequiredService<AgentAccountStore>();
        Assert.True(await store.CreateAsync("local-lena", "Lena", "supervisor", "a-long-enough-password", CancellationToken.None));
        var account = (await store.FindAsync("local-lena", CancellationToken.None))!;

        Assert.Null(await RefusalAsync(SignedIn(account, "supervisor")));
        Assert.Empty(_graph.Requests);
    }
}
