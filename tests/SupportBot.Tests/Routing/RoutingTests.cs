using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.Handoff;
using SupportBot.Localization;
using SupportBot.Tests.Agents;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Handoff;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Routing;

/// Round robin: a new handoff goes to the available agent with a free seat who waited longest; when every seat is
/// taken it waits, and a seat that frees (a resolve, a larger capacity) takes it. Away and busy agents are passed by.
public sealed class RoutingTests
{
    private static readonly Dictionary<string, string> RoundRobin = new()
    {
        ["Routing:Mode"] = "roundRobin",
        ["Routing:DefaultCapacity"] = "1",
    };

    private static async Task<AgentHost> HostAsync()
    {
        var host = new AgentHost(null, RoundRobin);
        // AgentHost's customers count "agent-on-duty" as online; here it is away, so only dewi and sari take chats.
        await host.Factory.Services.GetRequiredService<AgentRoutingStore>().SetStatusAsync("agent-on-duty", AgentRoutingStore.Away, CancellationToken.None);
        return host;
    }

    private static async Task<DirectLineClient> EscalateAsync(AgentHost host)
    {
        var customer = await host.CustomerAsync();
        await host.SayAsync(customer, "I'd like to talk to a person please");
        return customer;
    }

    private static Task<HandoffRecord?> HandoffAsync(AgentHost host, DirectLineClient customer)
        => host.Factory.Services.GetRequiredService<HandoffStore>().FindLatestAsync(customer.ConversationId, CancellationToken.None);

    [Fact]
    public async Task Chats_go_to_the_agent_who_waited_longest_up_to_capacity_then_wait_for_a_free_seat()
    {
        using var host = await HostAsync();
        var dewi = new AgentApiClient(host.Factory.CreateClient(), AgentHost.AgentKey);
        var sari = new AgentApiClient(host.Factory.CreateClient(), AgentHost.SupervisorKey);
        (await dewi.SendAsync(HttpMethod.Get, "/api/agent/presence")).EnsureSuccessStatusCode();
        (await sari.SendAsync(HttpMethod.Get, "/api/agent/presence")).EnsureSuccessStatusCode();

        var first = await EscalateAsync(host);
        var second = await EscalateAsync(host);
        var third = await EscalateAsync(host);

        Assert.Equal("dewi", (await HandoffAsync(host, first))!.AgentId);
        Assert.Equal("sari", (await HandoffAsync(host, second))!.AgentId);
        var waiting = (await HandoffAsync(host, third))!;
        Assert.Equal(HandoffStates.Queued, waiting.State);
        // The customers are told the truth: the first two that an agent joined, the third their place.
        Assert.Contains(await first.BotActivitiesAsync(), a => a.Text == BotMessages.English.AgentJoined("Dewi"));
        Assert.DoesNotContain(await first.BotActivitiesAsync(), a => a.Text == BotMessages.English.QueuePosition(1, 5));
        Assert.Equal(BotMessages.English.QueuePosition(1, 5), (await third.BotActivitiesAsync())[^1].Text);
        var presence = await AgentWorkdayHost.ReadAsync<AgentState>(await dewi.SendAsync(HttpMethod.Get, "/api/agent/presence"));
        Assert.Equal((1, 1, AgentRoutingStore.Online), (presence.Load, presence.Capacity, presence.Effective));

        // dewi resolves: her seat frees and the waiting customer is hers.
        (await dewi.ResolveAsync(first.ConversationId)).EnsureSuccessStatusCode();
        await host.Factory.Services.GetRequiredService<HandoffService>().AssignWaitingAsync(CancellationToken.None);
        Assert.Equal(("dewi", HandoffStates.WithAgent), ((await HandoffAsync(host, third))!.AgentId, (await HandoffAsync(host, third))!.State));
        var assigned = Assert.Single(
            await host.Factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(third.ConversationId), t => t.Kind == TouchpointKind.Claimed);
        Assert.Equal(("dewi", "round_robin"), (assigned.AgentId, assigned.Reason));

        // sari goes busy and dewi is full: the next customer waits (an agent is there, so not a left message) until
        // a supervisor gives dewi a second seat.
        (await sari.SendAsync(HttpMethod.Put, "/api/agent/presence", new { status = "busy" })).EnsureSuccessStatusCode();
        var fourth = await EscalateAsync(host);
        Assert.Equal(HandoffStates.Queued, (await HandoffAsync(host, fourth))!.State);
        (await sari.SendAsync(HttpMethod.Put, "/api/agent/agents/dewi/capacity", new { capacity = 2 })).EnsureSuccessStatusCode();
        await host.Factory.Services.GetRequiredService<HandoffService>().AssignWaitingAsync(CancellationToken.None);
        Assert.Equal("dewi", (await HandoffAsync(host, fourth))!.AgentId);

        var routing = await AgentWorkdayHost.ReadAsync<RoutingView>(await dewi.SendAsync(HttpMethod.Get, "/api/agent/routing"));
        Assert.Equal("roundRobin", routing.Queues["support"]);
        Assert.Contains(routing.Agents, a => a is { AgentId: "dewi", Capacity: 2, Load: 2 });
        Assert.Contains(routing.Agents, a => a is { AgentId: "sari", Effective: "busy" });
    }

    [Fact]
    public async Task With_every_agent_away_or_busy_an_open_console_does_not_count_and_the_customer_leaves_a_message()
    {
        using var host = await HostAsync();
        var dewi = new AgentApiClient(host.Factory.CreateClient(), AgentHost.AgentKey);
        (await dewi.SendAsync(HttpMethod.Put, "/api/agent/presence", new { status = "away" })).EnsureSuccessStatusCode();

        var customer = await EscalateAsync(host);

        Assert.Equal(HandoffStates.LeavingMessage, (await HandoffAsync(host, customer))!.State);
        Assert.Equal(BotMessages.English.OfflineNoAgents, (await customer.BotActivitiesAsync())[^1].Text);
    }

    [Fact]
    public async Task A_supervisor_sets_an_agents_status_and_capacity_and_routing_follows()
    {
        using var host = await HostAsync();
        var dewi = new AgentApiClient(host.Factory.CreateClient(), AgentHost.AgentKey);
        var sari = new AgentApiClient(host.Factory.CreateClient(), AgentHost.SupervisorKey);
        (await dewi.SendAsync(HttpMethod.Get, "/api/agent/presence")).EnsureSuccessStatusCode();
        (await sari.SendAsync(HttpMethod.Put, "/api/agent/presence", new { status = "busy" })).EnsureSuccessStatusCode();

        // The supervisor marks dewi busy: nobody takes chats now, so the next customer leaves a message.
        Assert.Equal(HttpStatusCode.NoContent, (await sari.SendAsync(HttpMethod.Put, "/api/agent/agents/dewi/presence", new { status = "busy" })).StatusCode);
        var busy = await AgentWorkdayHost.ReadAsync<AgentState>(await dewi.SendAsync(HttpMethod.Get, "/api/agent/presence"));
        Assert.Equal(("busy", "busy"), (busy.Status, busy.Effective));
        Assert.Equal(HandoffStates.LeavingMessage, (await HandoffAsync(host, await EscalateAsync(host)))!.State);

        // Online again with two seats: the next two customers both go to dewi.
        Assert.Equal(HttpStatusCode.NoContent, (await sari.SendAsync(HttpMethod.Put, "/api/agent/agents/dewi/presence", new { status = "online" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await sari.SendAsync(HttpMethod.Put, "/api/agent/agents/dewi/capacity", new { capacity = 2 })).StatusCode);
        var second = await EscalateAsync(host);
        var third = await EscalateAsync(host);
        Assert.Equal(("dewi", "dewi"), ((await HandoffAsync(host, second))!.AgentId, (await HandoffAsync(host, third))!.AgentId));
        var routing = await AgentWorkdayHost.ReadAsync<RoutingView>(await sari.SendAsync(HttpMethod.Get, "/api/agent/routing"));
        Assert.Contains(routing.Agents, a => a is { AgentId: "dewi", Status: "online", Capacity: 2, Load: 2 });

        await AgentWorkdayHost.ProblemAsync(await sari.SendAsync(HttpMethod.Put, "/api/agent/agents/dewi/presence", new { status = "asleep" }), HttpStatusCode.BadRequest);
        await AgentWorkdayHost.ProblemAsync(await sari.SendAsync(HttpMethod.Put, "/api/agent/agents/dewi/presence", new { }), HttpStatusCode.BadRequest);
        await AgentWorkdayHost.ProblemAsync(await sari.SendAsync(HttpMethod.Put, "/api/agent/agents/nobody/presence", new { status = "away" }), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await dewi.SendAsync(HttpMethod.Put, "/api/agent/agents/sari/presence", new { status = "away" })).StatusCode);
    }

    [Fact]
    public async Task Presence_and_capacity_refuse_bad_input_with_problems()
    {
        using var host = await HostAsync();
        var dewi = new AgentApiClient(host.Factory.CreateClient(), AgentHost.AgentKey);
        var sari = new AgentApiClient(host.Factory.CreateClient(), AgentHost.SupervisorKey);

        await AgentWorkdayHost.ProblemAsync(await dewi.SendAsync(HttpMethod.Put, "/api/agent/presence", new { status = "asleep" }), HttpStatusCode.BadRequest);
        await AgentWorkdayHost.ProblemAsync(await sari.SendAsync(HttpMethod.Put, "/api/agent/agents/dewi/capacity", new { capacity = 0 }), HttpStatusCode.BadRequest);
        await AgentWorkdayHost.ProblemAsync(await sari.SendAsync(HttpMethod.Put, "/api/agent/agents/nobody/capacity", new { capacity = 2 }), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await dewi.SendAsync(HttpMethod.Put, "/api/agent/agents/dewi/capacity", new { capacity = 5 })).StatusCode);
    }

    [Fact]
    public async Task An_agent_idle_longer_than_the_setting_counts_as_away_though_the_console_is_open()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["Routing:IdleMinutes"] = "10";
        var services = factory.Services;
        var presence = services.GetRequiredService<AgentPresence>();
        var availability = services.GetRequiredService<AgentAvailability>();
        presence.Connected("dewi");
        await services.GetRequiredService<AgentRoutingStore>().ActiveAsync("dewi", CancellationToken.None);
        Assert.True(await availability.AnyAvailableAsync(CancellationToken.None));

        factory.Clock.Advance(TimeSpan.FromMinutes(11));
        presence.Seen("dewi"); // the console's ping: alive, but nobody touched it

        var dewi = Assert.Single(await availability.ListAsync([], CancellationToken.None));
        Assert.Equal((AgentRoutingStore.Online, AgentRoutingStore.Away, true), (dewi.Status, dewi.Effective, dewi.Idle));
        Assert.False(await availability.AnyAvailableAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Two_instances_assigning_at_once_never_give_a_chat_or_a_seat_twice()
    {
        using var store = new TestStore();
        // Only dewi and sari take the support queue; while neither is around, the customers queue (agent-on-duty is
        // online, so nobody is told to leave a message).
        var settings = new Dictionary<string, string>(RoundRobin)
        {
            ["Routing:DefaultCapacity"] = "2",
            ["Routing:SweepSeconds"] = "3600",
            ["Routing:Queues:support:Agents:0"] = "dewi",
            ["Routing:Queues:support:Agents:1"] = "sari",
        };
        using var one = new AgentHost(store, settings);
        using var two = new AgentHost(store, settings);
        var customers = new List<DirectLineClient>();
        for (var i = 0; i < 6; i++)
        {
            customers.Add(await EscalateAsync(i % 2 == 0 ? one : two));
        }
        foreach (var host in new[] { one, two })
        {
            host.Factory.Services.GetRequiredService<AgentPresence>().Seen("dewi");
            host.Factory.Services.GetRequiredService<AgentPresence>().Seen("sari");
        }
        Assert.Equal(6, (await one.Factory.Services.GetRequiredService<HandoffStore>().ListOpenAsync(CancellationToken.None)).Count(h => h.State == HandoffStates.Queued));

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
            (i % 2 == 0 ? one : two).Factory.Services.GetRequiredService<HandoffService>().AssignWaitingAsync(CancellationToken.None))));

        var handoffs = await one.Factory.Services.GetRequiredService<HandoffStore>().ListOpenAsync(CancellationToken.None);
        Assert.Equal(4, runs.Sum());
        Assert.Equal(2, handoffs.Count(h => h.AgentId == "dewi"));
        Assert.Equal(2, handoffs.Count(h => h.AgentId == "sari"));
        Assert.Equal(2, handoffs.Count(h => h.State == HandoffStates.Queued));
        var claims = new List<Touchpoint>();
        foreach (var customer in customers)
        {
            claims.AddRange((await one.Factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(customer.ConversationId)).Where(t => t.Kind == TouchpointKind.Claimed));
        }
        Assert.Equal(4, claims.Count);
    }
}
