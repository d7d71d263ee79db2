using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Analytics.Demo;
using SupportBot.Touchpoints;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// The dashboard's per-agent table over seeded demo journeys and one recorded SLA breach: a row per agent with the
/// agent API's own figures (volume, first response, handle time, resolved, CSAT, SLA breaches), the same rows in
/// its CSV export, and the page still clean for axe-core with the table on it; the dashboard's channel and segment
/// then narrow the table and its export exactly as they narrow the report API.
public sealed class AgentReportDashboardTests(WebChatFixture fixture, ITestOutputHelper output) : IClassFixture<WebChatFixture>
{
    [Fact]
    public async Task The_dashboard_shows_each_agents_figures_from_the_report_api()
    {
        var services = fixture.Server.Services;
        await services.GetRequiredService<DemoSeeder>().SeedAsync(150, 20, seed: 5);
        await services.GetRequiredService<TouchpointStore>().AppendAsync(new Touchpoint
        {
            OccurredAt = DateTimeOffset.UtcNow.AddHours(-1),
            ConversationId = "sla-breach-planted",
            Channel = "directline",
            CustomerId = "sla-breach-customer",
            Kind = TouchpointKind.SlaBreach,
            AgentId = DemoEffects.SlowAgent,
            Reason = "first_response",
            Text = "support",
        });
        await using var context = await fixture.NewContextAsync();
        var problems = BrowserProblems.Watch(context);
        var dashboard = new DashboardPage(await context.NewPageAsync());
        try
        {
            await dashboard.Page.SetViewportSizeAsync(1440, 1500);
            await dashboard.OpenAndSignInAsync(SupportBotServer.AdminId, SupportBotServer.AdminPassword);
            var range = $"from={await dashboard.Filters.Locator("[name='from']").InputValueAsync()}&to={await dashboard.Filters.Locator("[name='to']").InputValueAsync()}";
            var agents = await ReportAsync(dashboard, range);
            Assert.True(agents.Count >= 2, $"{agents.Count} agents in the report");
            await ExpectTableAsync(dashboard, agents);
            var breached = agents.Single(a => a.GetProperty("agentId").GetString() == DemoEffects.SlowAgent);
            Assert.True(breached.GetProperty("slaBreaches").GetInt32() >= 1, "the planted breach is counted");
            Assert.True(breached.GetProperty("firstResponseSeconds").GetDouble() > 0, "a first response time");
            await Accessibility.AssertNoViolationsAsync(dashboard.Page, "the dashboard with the agents table");

            var (fileName, csv) = await dashboard.ExportAsync("agents");
            Assert.Equal($"agents_{range[5..15]}_{range[^10..]}.csv", fileName);
            var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("Agent,Conversations,First response,Handle time,Resolved,CSAT,Ratings,SLA breaches", lines[0]);
            Assert.Equal(agents.Count + 1, lines.Length);
            Assert.StartsWith($"{agents[0].GetProperty("agentId").GetString()},{Whole(agents[0], "conversations")},", lines[1], StringComparison.Ordinal);

            // The dashboard's channel and segment narrow the table (and its export) as they narrow the report API.
            await dashboard.SelectAsync("channel", "msteams");
            await dashboard.SelectAsync("segment", "returning");
            var filtered = await ReportAsync(dashboard, range + "&channel=msteams&segment=returning");
            Assert.True(filtered.Count >= 1, "agents on Teams with returning customers");
            Assert.True(Total(filtered) < Total(agents), $"{Total(filtered)} of {Total(agents)} conversations on Teams with returning customers");
            await ExpectTableAsync(dashboard, filtered);
            var (_, filteredCsv) = await dashboard.ExportAsync("agents");
            var filteredLines = filteredCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(filtered.Count + 1, filteredLines.Length);
            Assert.StartsWith($"{filtered[0].GetProperty("agentId").GetString()},{Whole(filtered[0], "conversations")},", filteredLines[1], StringComparison.Ordinal);

            Assert.Empty(problems.All);
            Assert.Empty(fixture.Server.Log.Errors);
        }
        catch
        {
            foreach (var problem in problems.All)
            {
                output.WriteLine(problem);
            }
            output.WriteLine("server log: " + fixture.Server.Log.Describe());
            throw;
        }
    }

    private static async Task<List<JsonElement>> ReportAsync(DashboardPage dashboard, string query)
    {
        var response = await dashboard.Page.APIRequest.GetAsync($"/api/agent/reports/agents?{query}");
        Assert.Equal(200, response.Status);
        return (await response.JsonAsync())!.Value.GetProperty("agents").EnumerateArray().ToList();
    }

    // A row per agent, in the API's order, with the API's figures.
    private static async Task ExpectTableAsync(DashboardPage dashboard, List<JsonElement> agents)
    {
        var rows = dashboard.Table("agents").Locator("tbody tr");
        await Expect(rows, "a row per agent").ToHaveCountAsync(agents.Count);
        for (var i = 0; i < agents.Count; i++)
        {
            var agent = agents[i];
            var cells = rows.Nth(i).Locator("td");
            await Expect(cells.Nth(0), "the agent").ToHaveTextAsync(agent.GetProperty("agentId").GetString()!);
            await Expect(cells.Nth(1), "their conversations").ToHaveTextAsync(Whole(agent, "conversations"));
            await Expect(cells.Nth(4), "resolved").ToHaveTextAsync(Whole(agent, "resolved"));
            var csat = agent.GetProperty("csat");
            await Expect(cells.Nth(5), "CSAT").ToHaveTextAsync(csat.ValueKind == JsonValueKind.Null ? "—" : csat.GetDouble().ToString("0.00", CultureInfo.InvariantCulture));
            await Expect(cells.Nth(6), "ratings").ToHaveTextAsync(Whole(agent, "ratings"));
            await Expect(cells.Nth(7), "SLA breaches").ToHaveTextAsync(Whole(agent, "slaBreaches"));
        }
    }

    private static int Total(List<JsonElement> agents) => agents.Sum(a => a.GetProperty("conversations").GetInt32());

    private static string Whole(JsonElement agent, string name) => agent.GetProperty(name).GetInt32().ToString(CultureInfo.InvariantCulture);
}
