using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.Conversations;
using SupportBot.Handoff;
using SupportBot.Tests.Agents;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Handoff;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Routing;

/// SLA targets per queue: the queue shows a warning at 80% of the target and a breach after it, a breach is recorded
/// once (however many sweeps see it), and the per-agent report counts it with the agent's volume, times and CSAT.
public sealed class SlaTests
{
    [Fact]
    public async Task A_queue_item_warns_before_its_first_response_target_and_the_breach_is_recorded_once_and_reported()
    {
        using var factory = AgentHost.FactoryWithAgentKey(AgentIdentity.SupervisorRole);
        factory.Settings["Sla:FirstResponseMinutes"] = "10";
        factory.Settings["Sla:Queues:support:ResolutionMinutes"] = "60";
        factory.Services.GetRequiredService<AgentPresence>().Seen("dewi");
        var customer = new DirectLineClient(factory.CreateClient());
        await customer.StartAsync();
        (await customer.PostAsync(new { type = "message", from = new { id = "customer" }, text = "I'd like to talk to a person please" })).EnsureSuccessStatusCode();
        await factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        var dewi = new AgentApiClient(factory.CreateClient(), AgentHost.AgentKey);
        var monitor = factory.Services.GetRequiredService<SlaMonitor>();

        var fresh = Assert.Single(await dewi.QueueAsync()).Sla!;
        Assert.Equal((SlaClock.FirstResponse, 600d, 480d, SlaClock.Ok), (fresh.Target, fresh.TargetSeconds, fresh.WarnSeconds, fresh.State));
        factory.Clock.Advance(TimeSpan.FromMinutes(8.5));
        Assert.Equal(SlaClock.Warning, Assert.Single(await dewi.QueueAsync()).Sla!.State);
        await monitor.SweepAsync(CancellationToken.None);
        Assert.DoesNotContain(
            await factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(customer.ConversationId), t => t.Kind == TouchpointKind.SlaBreach);

        (await dewi.ClaimAsync(customer.ConversationId)).EnsureSuccessStatusCode();
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(SlaClock.Breached, (await dewi.TranscriptAsync(customer.ConversationId)).Handoff!.Sla!.State);
        // The clock's advance may have woken the monitor's own sweep already; either way the breach is recorded once.
        await monitor.SweepAsync(CancellationToken.None);
        Assert.Equal(0, await monitor.SweepAsync(CancellationToken.None));
        (await dewi.ReplyAsync(customer.ConversationId, "Sorry for the wait!")).EnsureSuccessStatusCode();
        // Answered: the nearest target is now the queue's resolution target, not missed yet.
        var after = (await dewi.TranscriptAsync(customer.ConversationId)).Handoff!.Sla!;
        Assert.Equal((SlaClock.Resolution, SlaClock.Ok), (after.Target, after.State));
        (await dewi.ResolveAsync(customer.ConversationId)).EnsureSuccessStatusCode();
        Assert.Equal(0, await monitor.SweepAsync(CancellationToken.None));

        var breach = Assert.Single(
            await factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(customer.ConversationId), t => t.Kind == TouchpointKind.SlaBreach);
        Assert.Equal(("dewi", SlaClock.FirstResponse, "support"), (breach.AgentId, breach.Reason, breach.Text));
        await factory.Services.GetRequiredService<TouchpointStore>().AppendAsync(new Touchpoint
        {
            OccurredAt = factory.Clock.GetUtcNow(),
            ConversationId = customer.ConversationId,
            Channel = "directline",
            CustomerId = "c",
            Kind = TouchpointKind.Survey,
            Confidence = 4,
            AgentId = "dewi",
        });

        var report = await AgentWorkdayHost.ReadAsync<AgentReportView>(await dewi.SendAsync(HttpMethod.Get, "/api/agent/reports/agents"));
        var row = Assert.Single(report.Agents);
        Assert.Equal(("dewi", 1, 1, 4d, 1, 1), (row.AgentId, row.Conversations, row.Resolved, row.Csat, row.Ratings, row.SlaBreaches));
        Assert.Equal(120, row.FirstResponseSeconds);
        Assert.Equal(120, row.HandleSeconds);
        await AgentWorkdayHost.ProblemAsync(await dewi.SendAsync(HttpMethod.Get, "/api/agent/reports/agents?from=2026-13-01"), HttpStatusCode.BadRequest);
        await AgentWorkdayHost.ProblemAsync(await dewi.SendAsync(HttpMethod.Get, "/api/agent/reports/agents?from=2026-05-02&to=2026-05-01"), HttpStatusCode.BadRequest);
    }
}
