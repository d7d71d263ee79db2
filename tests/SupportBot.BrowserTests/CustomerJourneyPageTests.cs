using Microsoft.Extensions.DependencyInjection;
using SupportBot.Customers;
using SupportBot.Touchpoints.External;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// The customer page shows a customer's identities and journey, with what other systems wrote shown as text.
public sealed class CustomerJourneyPageTests(WebChatFixture fixture) : IClassFixture<WebChatFixture>
{
    [Fact]
    public async Task A_signed_in_agent_sees_the_journey_and_no_markup_from_other_systems_runs()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        const string summary = "<img src=x onerror=\"document.title='owned'\"> Starter kit";
        var stored = await fixture.Server.Services.GetRequiredService<ExternalTouchpointStore>().StoreAsync(
            [
                new ExternalTouchpoint
                {
                    Customer = [new CustomerReference(null, new CustomerIdentity("email", email))],
                    Kind = "purchase",
                    OccurredAt = DateTimeOffset.UtcNow.AddHours(-1),
                    Source = "shop",
                    Summary = summary,
                    Amount = 49.9m,
                    Currency = "EUR",
                    ExternalKey = $"shop:{email}",
                },
            ],
            "browser-test",
            CancellationToken.None);
        await using var context = await fixture.NewContextAsync();
        var problems = BrowserProblems.Watch(context);
        var console = new ConsolePage(await context.NewPageAsync());
        await console.OpenAsync();
        await Accessibility.AssertNoViolationsAsync(console.Page, "the console's sign-in page");
        await console.SignInAsync(SupportBotServer.AdminId, SupportBotServer.AdminPassword);

        await console.Page.GotoAsync($"/agent/customers.html?id={Uri.EscapeDataString($"email:{email}")}");

        var page = console.Page;
        await Expect(page.Locator("#customer-id"), "the customer's id").ToHaveTextAsync(stored![0].CustomerId);
        await Expect(page.Locator("#identities"), "the customer's identities").ToContainTextAsync($"email: {email}");
        var entry = page.Locator("#timeline li.journey-entry.external");
        await Expect(entry, "the purchase in the journey").ToContainTextAsync("purchase · shop");
        await Expect(entry.Locator(".detail"), "the summary, as text").ToHaveTextAsync(summary);
        await Expect(page.Locator("#timeline img"), "markup from another system").ToHaveCountAsync(0);
        Assert.NotEqual("owned", await page.TitleAsync());
        await Accessibility.AssertNoViolationsAsync(page, "the customer's journey page");
        Assert.True(problems.All.Count == 0, string.Join(Environment.NewLine, problems.All));
    }
}
