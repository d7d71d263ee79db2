using System.Net;
using SupportBot.Agents;
using SupportBot.Tests.Handoff;
using static SupportBot.Tests.Agents.AgentWorkdayHost;

namespace SupportBot.Tests.Agents;

/// Canned responses through the agent API: the team's set (supervisors manage it), each agent's personal set, the
/// validation of shortcuts and placeholders, and a response filled in for a conversation and sent to the customer.
public sealed class CannedResponsesTests(AgentWorkdayHost host) : IClassFixture<AgentWorkdayHost>
{
    private const string Path = "/api/agent/canned-responses";
    private static int _shortcuts;

    // Tests share the host's store, so each uses shortcuts of its own.
    private static string Shortcut(string stem) => $"{stem}{Interlocked.Increment(ref _shortcuts)}";

    private static Task<HttpResponseMessage> CreateAsync(AgentApiClient client, string scope, string shortcut, string text, string? title = null)
        => client.SendAsync(HttpMethod.Post, Path, new { scope, shortcut, title, text });

    private static async Task<List<CannedResponseView>> ListAsync(AgentApiClient client)
        => await ReadAsync<List<CannedResponseView>>(await client.SendAsync(HttpMethod.Get, Path));

    [Fact]
    public async Task Supervisors_manage_the_team_set_and_every_agent_keeps_a_personal_one()
    {
        var team = Shortcut("refund");
        var mine = Shortcut("thanks");
        var created = await ReadAsync<CannedResponseView>(await CreateAsync(host.Sari(), "team", team, "Refunds take 5 days, {customer.firstName}.", "Refund times"));
        Assert.Equal(("team", "Refund times", "sari"), (created.Scope, created.Title, created.UpdatedBy));
        await ProblemAsync(await CreateAsync(host.Dewi(), "team", Shortcut("nope"), "Agents cannot add to the team set."), HttpStatusCode.Forbidden);
        var personal = await ReadAsync<CannedResponseView>(await CreateAsync(host.Dewi(), "personal", mine, "Thanks, {customer.name}! {agent.name} here."));
        Assert.Equal(mine, personal.Title);

        var dewiSees = await ListAsync(host.Dewi());
        Assert.Contains(dewiSees, r => r.Id == created.Id && r.Scope == "team");
        Assert.Contains(dewiSees, r => r.Id == personal.Id && r.Scope == "personal");
        // A personal set is its owner's alone, even to a supervisor.
        Assert.DoesNotContain(await ListAsync(host.Sari()), r => r.Id == personal.Id);
        await ProblemAsync(await host.Sari().SendAsync(HttpMethod.Delete, $"{Path}/{personal.Id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await host.Dewi().SendAsync(HttpMethod.Put, $"{Path}/{created.Id}", new { shortcut = team, text = "Changed by an agent" }), HttpStatusCode.Forbidden);

        var changed = await ReadAsync<CannedResponseView>(
            await host.Dewi().SendAsync(HttpMethod.Put, $"{Path}/{personal.Id}", new { shortcut = mine, title = "Thanks", text = "Thank you, {customer.name}." }));
        Assert.Equal(("Thanks", "Thank you, {customer.name}."), (changed.Title, changed.Text));
        Assert.Equal(HttpStatusCode.NoContent, (await host.Dewi().SendAsync(HttpMethod.Delete, $"{Path}/{personal.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Sari().SendAsync(HttpMethod.Delete, $"{Path}/{created.Id}")).StatusCode);
        Assert.DoesNotContain(await ListAsync(host.Dewi()), r => r.Id == personal.Id || r.Id == created.Id);
    }

    [Fact]
    public async Task Bad_shortcuts_texts_and_placeholders_are_refused_with_a_problem()
    {
        var detail = await ProblemAsync(await CreateAsync(host.Dewi(), "personal", "Has Spaces", "text"), HttpStatusCode.BadRequest);
        Assert.Contains("shortcut", detail.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAsync(await CreateAsync(host.Dewi(), "personal", Shortcut("empty"), "   "), HttpStatusCode.BadRequest);
        await ProblemAsync(await CreateAsync(host.Dewi(), "personal", Shortcut("long"), new string('x', AgentApi.MaxMessageLength + 1)), HttpStatusCode.BadRequest);
        await ProblemAsync(await CreateAsync(host.Dewi(), "everyone", Shortcut("scope"), "text"), HttpStatusCode.BadRequest);
        var typo = await ProblemAsync(await CreateAsync(host.Dewi(), "personal", Shortcut("typo"), "Hi {customer.nmae}"), HttpStatusCode.BadRequest);
        Assert.Contains("{customer.nmae}", typo.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAsync(await host.Dewi().SendAsync(HttpMethod.Post, Path), HttpStatusCode.BadRequest);

        var taken = Shortcut("twice");
        (await CreateAsync(host.Dewi(), "personal", taken, "first")).EnsureSuccessStatusCode();
        await ProblemAsync(await CreateAsync(host.Dewi(), "personal", taken, "second"), HttpStatusCode.Conflict);
        // The same shortcut in the team's set is another set: a personal one may shadow it.
        (await CreateAsync(host.Sari(), "team", taken, "the team's")).EnsureSuccessStatusCode();
        var other = await ReadAsync<CannedResponseView>(await CreateAsync(host.Dewi(), "personal", Shortcut("other"), "other"));
        await ProblemAsync(await host.Dewi().SendAsync(HttpMethod.Put, $"{Path}/{other.Id}", new { shortcut = taken, text = "renamed onto a taken one" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_response_is_filled_in_for_the_conversation_and_reaches_the_customer_as_filled()
    {
        var customer = await host.CustomerWithDewiAsync("Budi Santoso");
        var response = await ReadAsync<CannedResponseView>(
            await CreateAsync(host.Sari(), "team", Shortcut("hello"), "Hi {customer.firstName} ({customer.name}), {agent.name} here: your refund is on its way."));

        var filled = await ReadAsync<FilledResponse>(
            await host.Dewi().SendAsync(HttpMethod.Get, $"/api/agent/conversations/{customer.ConversationId}/canned-responses/{response.Id}"));

        Assert.Equal("Hi Budi (Budi Santoso), Dewi here: your refund is on its way.", filled.Text);
        Assert.Empty(filled.Missing);
        (await host.Dewi().ReplyAsync(customer.ConversationId, filled.Text)).EnsureSuccessStatusCode();
        Assert.Equal(filled.Text, (await customer.BotActivitiesAsync())[^1].Text);
    }

    [Fact]
    public async Task A_customer_without_a_name_leaves_the_placeholder_for_the_agent_to_fill()
    {
        var customer = await host.CustomerWithDewiAsync(name: null);
        var response = await ReadAsync<CannedResponseView>(await CreateAsync(host.Dewi(), "personal", Shortcut("hi"), "Hi {customer.name}, {agent.name} here."));

        var filled = await ReadAsync<FilledResponse>(
            await host.Dewi().SendAsync(HttpMethod.Get, $"/api/agent/conversations/{customer.ConversationId}/canned-responses/{response.Id}"));

        Assert.Equal("Hi {customer.name}, Dewi here.", filled.Text);
        Assert.Equal(new[] { "customer.name" }, filled.Missing);
        // Another agent's personal response, and a conversation never handed over, are not found.
        await ProblemAsync(
            await host.Sari().SendAsync(HttpMethod.Get, $"/api/agent/conversations/{customer.ConversationId}/canned-responses/{response.Id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await host.Dewi().SendAsync(HttpMethod.Get, $"/api/agent/conversations/no-such-conversation/canned-responses/{response.Id}"), HttpStatusCode.NotFound);
    }
}
