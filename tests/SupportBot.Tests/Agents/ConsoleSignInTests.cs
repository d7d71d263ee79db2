using System.Net;
using SupportBot.Agents;
using SupportBot.Tests.Handoff;

namespace SupportBot.Tests.Agents;

/// The console's sign-in, its cookie, the antiforgery token on cookie-authenticated changes and the roles.
public sealed class ConsoleSignInTests(AgentHost host) : IClassFixture<AgentHost>
{
    private ConsoleClient Console() => new(host.Factory);

    private AgentApiClient Agent(string key) => new(host.Factory.CreateClient(), key);

    [Fact]
    public async Task A_wrong_password_or_unknown_id_is_refused_without_a_cookie()
    {
        var console = Console();
        var wrong = await console.SignInAsync(AgentHost.AdminId, "not the password");
        var unknown = await console.SignInAsync("nobody", AgentHost.AdminPassword);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrong.StatusCode, unknown.StatusCode));
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        Assert.Null((await console.SessionAsync()).Agent);
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.GetAsync("/api/agent/queue")).StatusCode);
    }

    [Fact]
    public async Task The_seeded_supervisor_signs_in_and_gets_an_HttpOnly_SameSite_Strict_cookie()
    {
        var console = Console();
        var response = await console.SignInAsync(AgentHost.AdminId, AgentHost.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AgentAuthentication.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var session = await console.SessionAsync();
        Assert.Equal(new AgentView(AgentHost.AdminId, AgentHost.AdminName, "supervisor"), session.Agent);
        Assert.False(string.IsNullOrEmpty(session.AntiforgeryToken));
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/api/agent/queue")).StatusCode);
    }

    [Fact]
    public async Task Cookie_changes_need_the_antiforgery_token_and_API_key_calls_do_not()
    {
        var customer = await host.CustomerAsync();
        await host.SayAsync(customer, "I'd like to talk to a person please");
        var console = await Console().SignedInAsync(AgentHost.AdminId, AgentHost.AdminPassword);
        var claim = $"/api/agent/conversations/{Uri.EscapeDataString(customer.ConversationId)}/claim";

        Assert.Equal(HttpStatusCode.BadRequest, (await console.PostAsync(claim, withToken: false)).StatusCode);
        var forged = new ConsoleClient(host.Factory);
        (await forged.SignInAsync(AgentHost.AdminId, AgentHost.AdminPassword)).EnsureSuccessStatusCode();
        forged.Http.DefaultRequestHeaders.Add(AntiforgeryCheck.Header, "made-up-token");
        Assert.Equal(HttpStatusCode.BadRequest, (await forged.PostAsync(claim, withToken: false)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await console.PostAsync(claim)).StatusCode);
        var reply = $"/api/agent/conversations/{Uri.EscapeDataString(customer.ConversationId)}/messages";
        Assert.Equal(HttpStatusCode.OK, (await console.PostAsync(reply, new { text = "Hello from the console" })).StatusCode);
        // A tool with an API key sends no token (a supervisor may act on any conversation).
        Assert.Equal(HttpStatusCode.OK, (await Agent(AgentHost.SupervisorKey).ReplyAsync(customer.ConversationId, "Hello from a script")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_needs_the_token_and_ends_the_session()
    {
        var console = await Console().SignedInAsync(AgentHost.AdminId, AgentHost.AdminPassword);

        Assert.Equal(HttpStatusCode.BadRequest, (await console.PostAsync("/agent/signout", withToken: false)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/api/agent/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await console.PostAsync("/agent/signout")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.GetAsync("/api/agent/queue")).StatusCode);
    }

    [Fact]
    public async Task Supervisors_create_accounts_and_agents_may_not()
    {
        var supervisor = await Console().SignedInAsync(AgentHost.AdminId, AgentHost.AdminPassword);
        var budi = new { id = "budi", name = "Budi", password = "budi-password-123", role = "agent" };

        Assert.Equal(HttpStatusCode.Created, (await supervisor.PostAsync("/api/agent/accounts", budi)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsync("/api/agent/accounts", budi)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsync("/api/agent/accounts", new { id = "x y", name = "X", password = "long-enough-pass", role = "agent" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsync("/api/agent/accounts", new { id = "short", name = "S", password = "short", role = "agent" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsync("/api/agent/accounts", new { id = "boss", name = "B", password = "long-enough-pass", role = "owner" })).StatusCode);

        var agent = await Console().SignedInAsync("BUDI", budi.password);
        Assert.Equal(new AgentView("budi", "Budi", "agent"), (await agent.SessionAsync()).Agent);
        var attempt = new { id = "mallory", name = "Mallory", password = "mallory-password", role = "supervisor" };
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync("/api/agent/accounts", attempt)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Agent(AgentHost.AgentKey).SendAsync(HttpMethod.Post, "/api/agent/accounts", attempt)).StatusCode);
        // Supervisors who are not owners (Agents:Owners, here the seeded account) make agents, not supervisors.
        Assert.Equal(HttpStatusCode.Forbidden, (await Agent(AgentHost.SupervisorKey).SendAsync(HttpMethod.Post, "/api/agent/accounts", attempt with { id = "mira" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Agent(AgentHost.SupervisorKey).SendAsync(HttpMethod.Post, "/api/agent/accounts", attempt with { id = "mira", role = "agent" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Console().SignInAsync("mallory", attempt.password)).StatusCode);
    }
}
