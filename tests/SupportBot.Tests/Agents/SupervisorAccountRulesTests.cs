using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Agents;
using SupportBot.Tests.Handoff;

namespace SupportBot.Tests.Agents;

/// Supervisors manage agents; only an owner (Agents:Owners) manages supervisors, and the last enabled supervisor
/// stays. Here the owners are the seeded account and the supervisor API key's agent, which has no account.
public sealed class SupervisorAccountRulesTests(SupervisorAccountRulesTests.Host fixture) : IClassFixture<SupervisorAccountRulesTests.Host>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static int _accounts;

    public sealed class Host : IDisposable
    {
        public AgentHost Agents { get; } = new(null, new Dictionary<string, string>
        {
            ["Agents:SessionRecheckSeconds"] = "0",
            ["Limits:SignInsPerClientPerMinute"] = "1000",
            ["Agents:Owners:0"] = AgentHost.AdminId,
            ["Agents:Owners:1"] = "sari",
        });

        public void Dispose() => Agents.Dispose();
    }

    private ConsoleClient Console() => new(fixture.Agents.Factory);

    private AgentApiClient OwnerKey() => new(fixture.Agents.Factory.CreateClient(), AgentHost.SupervisorKey);

    private static async Task<(string Id, string Password)> CreateAsync(ConsoleClient by, string role)
    {
        var id = $"rules{Interlocked.Increment(ref _accounts)}-{role}";
        var password = $"{id}-password";
        Assert.Equal(HttpStatusCode.Created, (await by.PostAsync("/api/agent/accounts", new { id, name = id, password, role })).StatusCode);
        return (id, password);
    }

    private static string Account(string id, string action = "") => $"/api/agent/accounts/{Uri.EscapeDataString(id)}{action}";

    private static async Task AssertOwnersOnlyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Agents:Owners", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supervisor_who_is_not_an_owner_manages_agents_but_no_supervisor()
    {
        var owner = await Console().SignedInAsync(AgentHost.AdminId, AgentHost.AdminPassword);
        var (bossId, bossPassword) = await CreateAsync(owner, "supervisor");
        var (peerId, peerPassword) = await CreateAsync(owner, "supervisor");
        var boss = await Console().SignedInAsync(bossId, bossPassword);
        var peer = await Console().SignedInAsync(peerId, peerPassword);

        await AssertOwnersOnlyAsync(await boss.PostAsync(Account(peerId, "/disable")));
        await AssertOwnersOnlyAsync(await boss.PostAsync(Account(peerId, "/role"), new { role = "agent" }));
        await AssertOwnersOnlyAsync(await boss.PostAsync(Account(peerId, "/password"), new { password = "taken-over-password" }));
        await AssertOwnersOnlyAsync(await boss.PostAsync(Account(peerId, "/signout")));
        await AssertOwnersOnlyAsync(await boss.SendAsync(HttpMethod.Delete, Account(peerId)));
        await AssertOwnersOnlyAsync(await boss.PostAsync(Account(AgentHost.AdminId, "/disable")));
        await AssertOwnersOnlyAsync(await boss.PostAsync("/api/agent/accounts", new { id = $"{bossId}-friend", name = "Friend", password = "friend-password", role = "supervisor" }));
        Assert.Equal(HttpStatusCode.OK, (await peer.GetAsync("/api/agent/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Console().SignInAsync(peerId, peerPassword)).StatusCode);

        // Agents are the supervisor's to manage, but not to raise to supervisor.
        var (agentId, _) = await CreateAsync(boss, "agent");
        await AssertOwnersOnlyAsync(await boss.PostAsync(Account(agentId, "/role"), new { role = "supervisor" }));
        Assert.Equal(HttpStatusCode.NoContent, (await boss.PostAsync(Account(agentId, "/disable"))).StatusCode);
        var listed = await boss.Http.GetFromJsonAsync<List<AccountView>>(new Uri("/api/agent/accounts", UriKind.Relative), Json);
        Assert.Contains(new AccountView(agentId, agentId, "agent", true, false, YouMayChange: true), listed!);
        Assert.Contains(new AccountView(peerId, peerId, "supervisor", false, false, YouMayChange: false), listed!);
        Assert.Contains(listed!, a => a.Id == AgentHost.AdminId && !a.YouMayChange);

        // Their own sessions are theirs to end; the owner manages supervisors.
        Assert.Equal(HttpStatusCode.NoContent, (await boss.PostAsync(Account(bossId, "/signout"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await boss.GetAsync("/api/agent/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync(Account(peerId, "/role"), new { role = "agent" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await peer.GetAsync("/api/agent/accounts")).StatusCode);
        var ownersList = await owner.Http.GetFromJsonAsync<List<AccountView>>(new Uri("/api/agent/accounts", UriKind.Relative), Json);
        Assert.All(ownersList!, a => Assert.True(a.YouMayChange));
    }

    [Fact]
    public async Task The_last_enabled_supervisor_cannot_be_disabled_deleted_or_demoted_even_by_an_owner()
    {
        var ownerKey = OwnerKey();
        var listed = await (await ownerKey.SendAsync(HttpMethod.Get, "/api/agent/accounts")).Content.ReadFromJsonAsync<List<AccountView>>(Json);
        foreach (var other in listed!.Where(a => a is { Role: "supervisor", Disabled: false } && a.Id != AgentHost.AdminId))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await ownerKey.SendAsync(HttpMethod.Post, Account(other.Id, "/disable"))).StatusCode);
        }

        foreach (var attempt in new[]
        {
            await ownerKey.SendAsync(HttpMethod.Post, Account(AgentHost.AdminId, "/disable")),
            await ownerKey.SendAsync(HttpMethod.Delete, Account(AgentHost.AdminId)),
            await ownerKey.SendAsync(HttpMethod.Post, Account(AgentHost.AdminId, "/role"), new { role = "agent" }),
        })
        {
            Assert.Equal(HttpStatusCode.Conflict, attempt.StatusCode);
            Assert.Contains("last enabled supervisor", await attempt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var lead = await Console().SignedInAsync(AgentHost.AdminId, AgentHost.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync("/api/agent/accounts")).StatusCode);

        // With a second supervisor the first may go.
        var (secondId, _) = await CreateAsync(lead, "supervisor");
        Assert.Equal(HttpStatusCode.NoContent, (await ownerKey.SendAsync(HttpMethod.Post, Account(AgentHost.AdminId, "/disable"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ownerKey.SendAsync(HttpMethod.Post, Account(secondId, "/disable"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ownerKey.SendAsync(HttpMethod.Post, Account(AgentHost.AdminId, "/enable"))).StatusCode);
    }
}
