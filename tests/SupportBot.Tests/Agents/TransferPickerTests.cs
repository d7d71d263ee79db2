using System.Net;
using SupportBot.Agents;
using SupportBot.Localization;
using static SupportBot.Tests.Agents.AgentWorkdayHost;

namespace SupportBot.Tests.Agents;

/// The transfer picker's list through the agent API: enabled agents and the queues; a target picked from it is
/// checked again by the transfer, and the customer is told a name, never an id.
public sealed class TransferPickerTests(AgentWorkdayHost host) : IClassFixture<AgentWorkdayHost>
{
    private static async Task<TransferTargetsView> TargetsAsync(Handoff.AgentApiClient client)
        => await ReadAsync<TransferTargetsView>(await client.SendAsync(HttpMethod.Get, "/api/agent/transfer-targets"));

    [Fact]
    public async Task The_picker_lists_enabled_agents_and_queues_and_leaves_out_disabled_accounts()
    {
        var supervisor = await new ConsoleClient(host.Agents.Factory).SignedInAsync(AgentHost.AdminId, AgentHost.AdminPassword);
        (await supervisor.PostAsync("/api/agent/accounts", new { id = "gone", name = "Gone Agent", password = "gone-password-1", role = "agent" })).EnsureSuccessStatusCode();
        (await supervisor.PostAsync("/api/agent/accounts/gone/disable")).EnsureSuccessStatusCode();

        var targets = await TargetsAsync(host.Dewi());

        Assert.Equal(new[] { "support", "billing" }, targets.Queues);
        Assert.Contains(targets.Agents, a => a is { Id: AgentHost.AdminId, Name: AgentHost.AdminName, Role: "supervisor", Online: true });
        Assert.Contains(targets.Agents, a => a is { Id: "dewi", Name: "Dewi", Online: true });
        Assert.Contains(targets.Agents, a => a.Id == "sari");
        Assert.DoesNotContain(targets.Agents, a => a.Id == "gone");

        var customer = await host.CustomerWithDewiAsync();
        var refused = await ProblemAsync(await host.Dewi().TransferAsync(customer.ConversationId, new { agent = "gone" }), HttpStatusCode.BadRequest);
        Assert.Contains("gone", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAsync(await host.Dewi().TransferAsync(customer.ConversationId, new { queue = "nowhere" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_transfer_picked_from_the_list_tells_the_customer_a_name_and_never_the_id()
    {
        var customer = await host.CustomerWithDewiAsync();
        var lead = (await TargetsAsync(host.Dewi())).Agents.Single(a => a.Id == AgentHost.AdminId);

        (await host.Dewi().TransferAsync(customer.ConversationId, new { agent = lead.Id })).EnsureSuccessStatusCode();

        var told = (await customer.BotActivitiesAsync())[^1].Text;
        Assert.Equal(BotMessages.English.TransferredToAgent(AgentHost.AdminName), told);
        Assert.DoesNotContain(AgentHost.AdminId, told!.Replace(AgentHost.AdminName, string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

        // sari's key has no display name: the customer hears "another agent".
        var sari = new Handoff.AgentApiClient(host.Agents.Factory.CreateClient(), AgentHost.SupervisorKey);
        (await sari.TransferAsync(customer.ConversationId, new { agent = "sari" })).EnsureSuccessStatusCode();
        Assert.Equal(BotMessages.English.TransferredToAnotherAgent, (await customer.BotActivitiesAsync())[^1].Text);
    }
}
