using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.Handoff;
using SupportBot.Tests.Agents;
using SupportBot.Tests.Handoff;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Routing;

/// The per-agent report filtered as the dashboard filters: by channel (that channel's work) and by segment (the
/// conversations of a returning or new customer, read from the analytics rollup), answering with the filter applied;
/// a bad channel or an unknown segment is a 400 problem, and the OpenAPI document lists both.
public sealed class AgentReportFilterTests
{
    [Fact]
    public async Task The_report_keeps_the_channel_and_segment_asked_for()
    {
        using var factory = AgentHost.FactoryWithAgentKey(AgentIdentity.SupervisorRole);
        var store = factory.Services.GetRequiredService<TouchpointStore>();
        var now = factory.Clock.GetUtcNow();
        // Budi wrote on Teams three days ago, so his conversation with rina today is a returning customer's; Ana's
        // first conversation, on Web Chat with dewi, is a new customer's.
        await store.AppendAsync(Touchpoint("teams-earlier", "msteams", "budi", TouchpointKind.CustomerMessage, null, now.AddDays(-3)));
        await HandledAsync(store, "teams-today", "msteams", "budi", "rina", now.AddHours(-2));
        await HandledAsync(store, "webchat-today", "directline", "ana", "dewi", now.AddHours(-2));
        var supervisor = new AgentApiClient(factory.CreateClient(), AgentHost.AgentKey);

        async Task<AgentReportView> ReportAsync(string query)
            => await AgentWorkdayHost.ReadAsync<AgentReportView>(await supervisor.SendAsync(HttpMethod.Get, $"/api/agent/reports/agents{query}"));

        var all = await ReportAsync("");
        Assert.Equal((null, "all"), (all.Channel, all.Segment));
        Assert.Equal(["dewi", "rina"], all.Agents.Select(a => a.AgentId));
        var teams = await ReportAsync("?channel=msteams");
        Assert.Equal(("msteams", "rina", 1, 30d), (teams.Channel, Assert.Single(teams.Agents).AgentId, teams.Agents[0].Conversations, teams.Agents[0].FirstResponseSeconds));
        Assert.Equal("dewi", Assert.Single((await ReportAsync("?channel=directline")).Agents).AgentId);
        var returning = await ReportAsync("?segment=returning");
        Assert.Equal(("returning", "rina"), (returning.Segment, Assert.Single(returning.Agents).AgentId));
        Assert.Equal("dewi", Assert.Single((await ReportAsync("?segment=new")).Agents).AgentId);
        var both = await ReportAsync("?channel=directline&segment=returning");
        Assert.Equal(("directline", "returning"), (both.Channel, both.Segment));
        Assert.Empty(both.Agents);

        var unknown = await AgentWorkdayHost.ProblemAsync(await supervisor.SendAsync(HttpMethod.Get, "/api/agent/reports/agents?segment=vip"), HttpStatusCode.BadRequest);
        Assert.Contains("returning", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AgentWorkdayHost.ProblemAsync(await supervisor.SendAsync(HttpMethod.Get, "/api/agent/reports/agents?channel=web%20chat"), HttpStatusCode.BadRequest);

        // The OpenAPI document names both filters beside the range.
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var parameters = document.RootElement.GetProperty("paths").GetProperty("/api/agent/reports/agents").GetProperty("get").GetProperty("parameters");
        Assert.Equal(["channel", "from", "segment", "to"], parameters.EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }

    // A customer's message, the agent's claim, and their first reply 30 s later.
    private static async Task HandledAsync(TouchpointStore store, string conversation, string channel, string customer, string agent, DateTimeOffset at)
    {
        await store.AppendAsync(Touchpoint(conversation, channel, customer, TouchpointKind.CustomerMessage, null, at));
        await store.AppendAsync(Touchpoint(conversation, channel, customer, TouchpointKind.Claimed, agent, at.AddMinutes(1)));
        await store.AppendAsync(Touchpoint(conversation, channel, customer, TouchpointKind.AgentReply, agent, at.AddMinutes(1.5)) with { DurationMs = 30_000 });
    }

    private static Touchpoint Touchpoint(string conversation, string channel, string customer, string kind, string? agent, DateTimeOffset at) => new()
    {
        OccurredAt = at,
        ConversationId = conversation,
        Channel = channel,
        CustomerId = customer,
        Kind = kind,
        AgentId = agent,
        Text = kind == TouchpointKind.CustomerMessage ? "My lamp will not pair" : null,
    };
}
