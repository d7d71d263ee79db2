using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.Analytics.Demo;
using SupportBot.Touchpoints;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// A supervisor reads the dashboard over seeded demo journeys: charts drawn from the analytics API's figures, a
/// filter that changes them, and a CSV export whose content matches the API and cannot run as a spreadsheet formula.
public sealed class DashboardTests(WebChatFixture fixture, ITestOutputHelper output) : IClassFixture<WebChatFixture>
{
    // Customer text as a spreadsheet formula and as markup: neither may work in the page or in an export.
    private const string Planted = "=HYPERLINK(\"http://evil.example\",\"<b>click</b>\")";
    private const string UnknownCustomer = "nobody-at-all";

    [Fact]
    public async Task A_supervisor_filters_the_seeded_dashboard_and_exports_what_it_shows()
    {
        await fixture.Server.Services.GetRequiredService<DemoSeeder>().SeedAsync(600, 90, seed: 11);
        await using var context = await fixture.NewContextAsync();
        var problems = BrowserProblems.Watch(context);
        var dashboard = new DashboardPage(await context.NewPageAsync());
        try
        {
            await dashboard.Page.SetViewportSizeAsync(1440, 1500);
            await dashboard.OpenAndSignInAsync(SupportBotServer.AdminId, SupportBotServer.AdminPassword);
            var range = await RangeAsync(dashboard);

            // The figures on screen are the API's, for the same filter.
            var overview = await ApiAsync(dashboard, "overview", range);
            var conversations = overview.GetProperty("conversations").GetInt32();
            Assert.True(conversations > 100, $"{conversations} conversations in the last 30 days");
            await Expect(dashboard.Kpi("conversations"), "the conversations count").ToHaveTextAsync(conversations.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(dashboard.Kpi("containment"), "the containment rate").ToHaveTextAsync(Percent(overview.GetProperty("containmentRate").GetDouble()));
            var days = await dashboard.ChartDataAsync("chart-days");
            Assert.Equal(conversations, days[0].Sum() + days[1].Sum());
            var ratings = await dashboard.ChartDataAsync("chart-csat");
            Assert.Equal(overview.GetProperty("satisfaction").GetProperty("distribution").EnumerateArray().Select(r => (double?)r.GetInt32()), ratings[0]);
            Assert.True((await dashboard.ChartLabelsAsync("chart-channels")).Length >= 3);
            var outcomes = await ApiAsync(dashboard, "outcomes", range);
            await Expect(dashboard.Kpi("recontact"), "the re-contact rate").ToHaveTextAsync(Percent(outcomes.GetProperty("recontactRate").GetDouble()));
            await Expect(dashboard.Kpi("fcr"), "first-contact resolution").ToHaveTextAsync(Percent(outcomes.GetProperty("firstContactResolutionRate").GetDouble()));
            await Screenshots.SaveAsync(dashboard.Page, "dashboard.png");
            await Accessibility.AssertNoViolationsAsync(dashboard.Page, "the dashboard");
            await CompareCustomersAsync(dashboard, range);
            await PlantAsync();

            // One channel: every chart and figure follows the filter.
            await dashboard.SelectAsync("channel", "msteams");
            var teams = await ApiAsync(dashboard, "overview", range + "&channel=msteams");
            var teamsConversations = teams.GetProperty("conversations").GetInt32();
            Assert.InRange(teamsConversations, 1, conversations - 1);
            await Expect(dashboard.Kpi("conversations"), "the channel's conversations").ToHaveTextAsync(teamsConversations.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(["msteams"], await dashboard.ChartLabelsAsync("chart-channels"));
            days = await dashboard.ChartDataAsync("chart-days");
            Assert.Equal(teamsConversations, days[0].Sum() + days[1].Sum());
            // The raw log of the range and channel, from the server, streamed as a download.
            var log = await dashboard.Page.RunAndWaitForDownloadAsync(() => dashboard.Page.Locator("#export-log").ClickAsync());
            Assert.StartsWith($"touchpoints-{range[5..15].Replace("-", "", StringComparison.Ordinal)}-", log.SuggestedFilename, StringComparison.Ordinal);
            await using (var stream = await log.CreateReadStreamAsync())
            {
                using var reader = new StreamReader(stream);
                var logLines = (await reader.ReadToEndAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                Assert.StartsWith("id,occurred_at,conversation_id,channel,", logLines[0], StringComparison.Ordinal);
                Assert.True(logLines.Length > teamsConversations, $"{logLines.Length} lines for {teamsConversations} conversations");
                Assert.All(logLines.Skip(1), line => Assert.Contains(",msteams,", line, StringComparison.Ordinal));
            }
            // Back to all channels, now with the planted question.
            await dashboard.SelectAsync("channel", "");

            // The knowledge gaps: the planted question is shown as text, and exported as text.
            var gaps = await ApiAsync(dashboard, "kb-gaps", range);
            await Expect(dashboard.Table("gaps").Locator("tbody td:first-child").Filter(new() { HasTextString = Planted }), "the planted question, as text").ToHaveCountAsync(1);
            await Expect(dashboard.Table("gaps").Locator("b"), "markup from a customer").ToHaveCountAsync(0);
            var (fileName, csv) = await dashboard.ExportAsync("gaps");
            Assert.Equal($"kb-gaps_{range[5..15]}_{range[^10..]}.csv", fileName);
            var lines = csv.Split("\r\n");
            Assert.Equal("Question,Asked,Why,Examples", lines[0]);
            Assert.Equal("", lines[^1]);
            Assert.Equal(gaps.GetArrayLength() + 2, lines.Length);
            var index = gaps.EnumerateArray().ToList().FindIndex(g => !g.GetProperty("label").GetString()!.StartsWith('='));
            var gap = gaps[index];
            Assert.StartsWith($"{Csv(gap.GetProperty("label").GetString()!)},{gap.GetProperty("count").GetInt32()},", lines[index + 1], StringComparison.Ordinal);
            Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"<b>click</b>\"\")\",40,", csv, StringComparison.Ordinal);

            // The one 404 the test asked for: a customer with no rated conversation.
            Assert.DoesNotContain(problems.All, p => !p.Contains(UnknownCustomer, StringComparison.Ordinal));
            Assert.Empty(fixture.Server.Log.Errors);
        }
        catch
        {
            foreach (var problem in problems.All)
            {
                output.WriteLine(problem);
            }
            output.WriteLine("server log: " + fixture.Server.Log.Describe());
            await dashboard.Page.ScreenshotAsync(new() { Path = Screenshots.PathOf($"failure-dashboard-{Guid.NewGuid():N}.png"), FullPage = true });
            throw;
        }
    }

    // Why two customers differ: the view opens on the API's suggested pair, and compares the customer a supervisor
    // types with similar customers when the second box is left empty.
    private static async Task CompareCustomersAsync(DashboardPage dashboard, string range)
    {
        var compare = dashboard.Page.Locator("#compare");
        var suggested = await ApiAsync(dashboard, "compare", range);
        var first = suggested.GetProperty("first").GetProperty("label").GetString()!;
        var second = suggested.GetProperty("second").GetProperty("label").GetString()!;
        var sides = compare.Locator("table").First;
        await Expect(sides.Locator("th").Nth(1), "the suggested first customer").ToHaveTextAsync(first);
        await Expect(sides.Locator("th").Nth(2), "the suggested second customer").ToHaveTextAsync(second);
        var differences = suggested.GetProperty("differences");
        await Expect(compare.Locator("table").Nth(1).Locator("tbody tr"), "one row per difference").ToHaveCountAsync(Math.Max(1, differences.GetArrayLength()));
        if (differences.GetArrayLength() > 0)
        {
            await Expect(compare.Locator("table").Nth(1).Locator("tbody tr").First.Locator("td").First, "the largest share first")
                .ToHaveTextAsync(differences[0].GetProperty("label").GetString()!);
        }

        await compare.Locator("[name='customer']").FillAsync(second);
        await compare.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Expect(sides.Locator("th").Nth(1), "the chosen customer").ToHaveTextAsync(second);
        await Expect(sides.Locator("th").Nth(2), "the similar customers").ToContainTextAsync("similar customers");

        await compare.Locator("[name='customer']").FillAsync(UnknownCustomer);
        await compare.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Expect(compare.Locator(".compare-results"), "why there is nothing to compare").ToContainTextAsync("has no rated conversation");
        await compare.Locator("[name='customer']").FillAsync("");
        await compare.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Expect(sides.Locator("th").Nth(1), "back to the suggested pair").ToHaveTextAsync(first);
    }

    // Forty customers asked it and the bot was not sure, so it ranks among the gaps.
    private async Task PlantAsync()
    {
        var store = fixture.Server.Services.GetRequiredService<TouchpointStore>();
        var at = DateTimeOffset.UtcNow.AddDays(-2);
        for (var i = 0; i < 40; i++)
        {
            Touchpoint Step(string kind, string? text, string? reason = null) => new()
            {
                OccurredAt = at.AddMinutes(i),
                ConversationId = $"planted-{i}",
                Channel = "directline",
                CustomerId = $"planted-{i}",
                Kind = kind,
                Text = text,
                Reason = reason,
            };
            await store.AppendManyAsync([Step(TouchpointKind.CustomerMessage, Planted), Step(TouchpointKind.Escalation, "Not sure.", "low_confidence")]);
        }
    }

    // The range the page chose, as the query string the API reads.
    private static async Task<string> RangeAsync(DashboardPage dashboard)
        => $"from={await dashboard.Filters.Locator("[name='from']").InputValueAsync()}&to={await dashboard.Filters.Locator("[name='to']").InputValueAsync()}";

    private static async Task<JsonElement> ApiAsync(DashboardPage dashboard, string endpoint, string query)
    {
        var response = await dashboard.Page.APIRequest.GetAsync($"/api/analytics/{endpoint}?{query}");
        Assert.Equal(200, response.Status);
        return (await response.JsonAsync())!.Value.GetProperty("data");
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static string Csv(string text) => text.Contains('"', StringComparison.Ordinal) || text.Contains(',', StringComparison.Ordinal)
        ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : text;
}
