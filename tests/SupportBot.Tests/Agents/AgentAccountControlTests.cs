using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Agents;
using SupportBot.Tests.Handoff;

namespace SupportBot.Tests.Agents;

/// A supervisor takes accounts and sessions back: disable, delete, re-role, reset a password, sign out everywhere.
/// Each ends the cookies the account already holds; the host re-checks accounts on every request here (interval 0).
public sealed class AgentAccountControlTests(AgentAccountControlTests.Host fixture) : IClassFixture<AgentAccountControlTests.Host>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static int _accounts;

    public sealed class Host : IDisposable
    {
        public AgentHost Agents { get; } = new(null, new Dictionary<string, string>
        {
            ["Agents:SessionRecheckSeconds"] = "0",
            // Every test signs in several times from the one test address.
            ["Limits:SignInsPerClientPerMinute"] = "1000",
        });

        public void Dispose() => Agents.Dispose();
    }

    private ConsoleClient Console() => new(fixture.Agents.Factory);

    private Task<ConsoleClient> SupervisorAsync() => Console().SignedInAsync(AgentHost.AdminId, AgentHost.AdminPassword);

    /// A fresh account per test, so the tests share the host without sharing accounts.
    private static async Task<(string Id, string Password)> CreateAsync(ConsoleClient supervisor, string role = "agent")
    {
        var id = $"agent{Interlocked.Increment(ref _accounts)}-{role}";
        var password = $"{id}-password";
        Assert.Equal(HttpStatusCode.Created, (await supervisor.PostAsync("/api/agent/accounts", new { id, name = id, password, role })).StatusCode);
        return (id, password);
    }

    private static string Account(string id, string action = "") => $"/api/agent/accounts/{Uri.EscapeDataString(id)}{action}";

    [Fact]
    public async Task A_disabled_account_loses_its_session_and_cannot_sign_in_until_enabled()
    {
        var supervisor = await SupervisorAsync();
        var (id, password) = await CreateAsync(supervisor);
        var agent = await Console().SignedInAsync(id, password);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/agent/queue")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.PostAsync(Account(id, "/disable"))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/api/agent/queue")).StatusCode);
        Assert.Null((await agent.SessionAsync()).Agent);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Console().SignInAsync(id, password)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.PostAsync(Account(id, "/enable"))).StatusCode);
        var again = await Console().SignedInAsync(id, password);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/agent/queue")).StatusCode);
    }

    [Fact]
    public async Task A_deleted_account_loses_its_session_and_its_sign_in()
    {
        var supervisor = await SupervisorAsync();
        var (id, password) = await CreateAsync(supervisor);
        var agent = await Console().SignedInAsync(id, password);

        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.SendAsync(HttpMethod.Delete, Account(id))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/api/agent/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Console().SignInAsync(id, password)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.SendAsync(HttpMethod.Delete, Account(id))).StatusCode);
        var listed = await supervisor.Http.GetFromJsonAsync<List<AccountView>>(new Uri("/api/agent/accounts", UriKind.Relative), Json);
        Assert.DoesNotContain(listed!, a => a.Id == id);
    }

    [Fact]
    public async Task A_re_roled_supervisor_loses_the_supervisor_session_and_signs_in_again_as_an_agent()
    {
        var supervisor = await SupervisorAsync();
        var (id, password) = await CreateAsync(supervisor, "supervisor");
        var demoted = await Console().SignedInAsync(id, password);
        Assert.Equal(HttpStatusCode.OK, (await demoted.GetAsync("/api/agent/accounts")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsync(Account(id, "/role"), new { role = "agent" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await demoted.GetAsync("/api/agent/accounts")).StatusCode);
        var again = await Console().SignedInAsync(id, password);
        Assert.Equal(new AgentView(id, id, "agent"), (await again.SessionAsync()).Agent);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/api/agent/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsync(Account(id, "/role"), new { role = "owner" })).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_the_sessions_and_only_the_new_password_signs_in()
    {
        var supervisor = await SupervisorAsync();
        var (id, password) = await CreateAsync(supervisor);
        var agent = await Console().SignedInAsync(id, password);

        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsync(Account(id, "/password"), new { password = "short" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.PostAsync(Account(id, "/password"), new { password = "a-brand-new-password" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/api/agent/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Console().SignInAsync(id, password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Console().SignInAsync(id, "a-brand-new-password")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_of_the_account_and_no_other()
    {
        var supervisor = await SupervisorAsync();
        var (id, password) = await CreateAsync(supervisor);
        var (otherId, otherPassword) = await CreateAsync(supervisor);
        var laptop = await Console().SignedInAsync(id, password);
        var phone = await Console().SignedInAsync(id, password);
        var colleague = await Console().SignedInAsync(otherId, otherPassword);

        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.PostAsync(Account(id, "/signout"))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/agent/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/agent/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync("/api/agent/queue")).StatusCode);
        var again = await Console().SignedInAsync(id, password);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/agent/queue")).StatusCode);
    }

    [Fact]
    public async Task Only_supervisors_manage_accounts_and_not_their_own()
    {
        var supervisor = await SupervisorAsync();
        var (id, password) = await CreateAsync(supervisor);
        var agent = await Console().SignedInAsync(id, password);
        var apiAgent = new AgentApiClient(fixture.Agents.Factory.CreateClient(), AgentHost.AgentKey);

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/agent/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync(Account(AgentHost.AdminId, "/disable"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await apiAgent.SendAsync(HttpMethod.Post, Account(id, "/signout"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsync(Account(id, "/disable"), withToken: false)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsync(Account("nobody-here", "/disable"))).StatusCode);
        // A supervisor who locks themselves out may leave nobody to undo it.
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsync(Account(AgentHost.AdminId, "/disable"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.SendAsync(HttpMethod.Delete, Account(AgentHost.AdminId))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/agent/queue")).StatusCode);

        var listed = await supervisor.Http.GetFromJsonAsync<List<AccountView>>(new Uri("/api/agent/accounts", UriKind.Relative), Json);
        Assert.Contains(new AccountView(id, id, "agent", false, false), listed!);
    }
}
