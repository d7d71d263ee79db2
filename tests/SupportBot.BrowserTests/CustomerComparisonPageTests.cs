using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Analytics.Demo;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// A supervisor reads, on a customer's journey page in the console, why this customer's satisfaction differs from
/// similar customers': the journeys side by side and the differences ranked as the compare API ranks them, in the
/// console's Indonesian, with no accessibility violations.
public sealed class CustomerComparisonPageTests(WebChatFixture fixture) : IClassFixture<WebChatFixture>
{
    [Fact]
    public async Task A_supervisor_compares_a_customer_with_similar_customers_from_their_journey()
    {
        await fixture.Server.Services.GetRequiredService<DemoSeeder>().SeedAsync(600, 90, seed: 11);
        await using var context = await fixture.NewContextAsync(locale: "id-ID", width: 1280, height: 1400);
        var problems = BrowserProblems.Watch(context);
        // Signed in through the console's API (the same cookie the sign-in form sets): the page is loaded once.
        var signIn = await context.APIRequest.PostAsync("/agent/signin", new() { DataObject = new { id = SupportBotServer.AdminId, password = SupportBotServer.AdminPassword } });
        Assert.True(signIn.Ok, $"sign-in: {signIn.Status}");
        // The customer the API suggests (the widest gap with the same service), and the API's comparison of them
        // with similar customers over the page's default range.
        var to = DateTime.UtcNow;
        var range = $"from={to.AddDays(-90):yyyy-MM-dd}&to={to:yyyy-MM-dd}";
        var suggested = await ApiAsync(context, $"/api/analytics/compare?{range}");
        var customer = suggested.GetProperty("first").GetProperty("label").GetString()!;
        var expected = await ApiAsync(context, $"/api/analytics/compare?{range}&customer={Uri.EscapeDataString(customer)}");
        var differences = expected.GetProperty("differences").EnumerateArray().ToList();

        var page = await context.NewPageAsync();
        await page.GotoAsync($"/agent/customers.html?id={Uri.EscapeDataString(customer)}");

        var section = page.Locator("#compare");
        await Expect(section.Locator("h2"), "the comparison's heading, in Indonesian").ToHaveTextAsync("Mengapa kepuasan pelanggan ini berbeda");
        await Expect(page.Locator("#customer-id"), "the customer's journey").ToHaveTextAsync(customer);
        await section.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Bandingkan" }).ClickAsync();
        var results = section.Locator(".compare-results[data-state=ready]");
        var sides = results.Locator("table").First;
        await Expect(sides.Locator("caption"), "the journeys side by side").ToHaveTextAsync("Perjalanan berdampingan");
        await Expect(sides.Locator("thead th"), "the customer beside similar customers").ToHaveTextAsync(["Yang terjadi", customer, "Pelanggan serupa"]);
        var rating = sides.Locator("tbody tr").Filter(new() { HasTextString = "Penilaian (rata-rata)" });
        await Expect(rating.Locator("td"), "both sides' mean ratings, as the API gives them").ToHaveTextAsync(
        [
            expected.GetProperty("first").GetProperty("rating").GetDouble().ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
            expected.GetProperty("second").GetProperty("rating").GetDouble().ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
        ]);
        Assert.NotEmpty(differences);
        var rows = results.Locator("table").Nth(1).Locator("tbody tr");
        await Expect(rows, "one row per difference").ToHaveCountAsync(differences.Count);
        // Ranked as the API ranks them (by the share of the gap the adjusted effects put on each), the first row's
        // share being the API's.
        var first = differences[0].GetProperty("contribution");
        if (first.ValueKind == JsonValueKind.Number)
        {
            await Expect(rows.First.Locator("td").Nth(3), "the largest share of the gap").ToHaveTextAsync(Signed(first.GetDouble()));
        }
        await Expect(page.Locator("#timeline li.journey-entry").First, "the customer's journey above it").ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the customer page's comparison");
        Assert.True(problems.All.Count == 0, string.Join(Environment.NewLine, problems.All));
    }

    private static async Task<JsonElement> ApiAsync(Microsoft.Playwright.IBrowserContext context, string path)
    {
        var response = await context.APIRequest.GetAsync(path);
        Assert.True(response.Ok, $"{path}: {response.Status} {await response.TextAsync()}");
        return (await response.JsonAsync())!.Value.GetProperty("data");
    }

    private static string Signed(double value)
        => value > 0 ? $"+{value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}" : value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
