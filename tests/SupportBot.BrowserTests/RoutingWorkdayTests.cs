using System.Text.Json;
using Microsoft.Playwright;
using SupportBot.Localization;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// The host with round robin (one seat per agent) and a first-response target whose warning comes 6 s after queueing.
public sealed class RoutingFixture : IAsyncLifetime
{
    public WebChatFixture Inner { get; } = new();

    public async Task InitializeAsync()
    {
        Inner.Server.Settings["Routing:Mode"] = "roundRobin";
        Inner.Server.Settings["Routing:DefaultCapacity"] = "1";
        Inner.Server.Settings["Sla:FirstResponseMinutes"] = "10";
        Inner.Server.Settings["Sla:WarnAtPercent"] = "1";
        await Inner.InitializeAsync();
    }

    public Task DisposeAsync() => Inner.DisposeAsync();
}

/// Two agents in two browser contexts and customers in Web Chat: round robin gives each agent one chat (their
/// capacity), the next customer waits, and the queue item and conversation warn before the first-response target.
public sealed class RoutingWorkdayTests(RoutingFixture routing, ITestOutputHelper output) : IClassFixture<RoutingFixture>
{
    private WebChatFixture Fixture => routing.Inner;

    private static async Task<(ChatPage Chat, string ConversationId)> CustomerAsync(IBrowserContext context)
    {
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync();
        var saved = await chat.Page.EvaluateAsync<string>("() => sessionStorage.getItem('supportbot.directline')");
        return (chat, JsonDocument.Parse(saved).RootElement.GetProperty("conversationId").GetString()!);
    }

    [Fact]
    public async Task Chats_are_assigned_up_to_capacity_and_an_sla_warning_shows()
    {
        await using var leadContext = await Fixture.NewContextAsync();
        await using var rinaContext = await Fixture.NewContextAsync();
        await using var customers = await Fixture.NewContextAsync();
        await using var lateCustomers = await Fixture.NewContextAsync();
        var problems = new[] { BrowserProblems.Watch(leadContext), BrowserProblems.Watch(rinaContext) };
        var lead = new ConsolePage(await leadContext.NewPageAsync());
        var rina = new ConsolePage(await rinaContext.NewPageAsync());
        try
        {
            await lead.Page.SetViewportSizeAsync(1366, 860);
            await lead.OpenAsync();
            await lead.SignInAsync(SupportBotServer.AdminId, SupportBotServer.AdminPassword);
            await lead.Button("Add agent").ClickAsync();
            var accounts = lead.Page.Locator("#account-dialog");
            await accounts.GetByLabel("Agent id").FillAsync("rina");
            await accounts.GetByLabel("Name customers see").FillAsync("Rina");
            await accounts.GetByLabel("Password").FillAsync("rina-browser-password");
            await accounts.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await Expect(accounts.Locator("#account-result")).ToHaveTextAsync("Account rina (agent) created.");
            await accounts.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
            await rina.OpenAsync();
            await rina.SignInAsync("rina", "rina-browser-password");
            await Expect(lead.Page.Locator("#load"), "lead's load").ToHaveTextAsync("0/1 chats");

            // Two customers: one each, opened on the agent's console; a third waits for a free seat.
            var (first, firstId) = await CustomerAsync(customers);
            await first.AskAsync("I'd like to talk to a person please");
            await Expect(lead.Page.Locator("#assigned"), "lead's arrival").ToHaveTextAsync("Assigned to you: a customer in support.");
            await Expect(lead.Page.Locator("#chat-state"), "lead holds the first").ToHaveTextAsync($"with {SupportBotServer.AdminId}");
            var (second, _) = await CustomerAsync(customers);
            await second.AskAsync("I'd like to talk to a person please");
            await Expect(rina.Page.Locator("#chat-state"), "rina holds the second").ToHaveTextAsync("with rina");
            await Expect(rina.Page.Locator("#load"), "rina's load").ToHaveTextAsync("1/1 chats");
            var (third, thirdId) = await CustomerAsync(lateCustomers);
            await third.AskAsync("I'd like to talk to a person please");
            await Expect(lead.QueueItem(thirdId), "the third waiting").ToHaveAttributeAsync("data-state", "queued");
            await Expect(first.BotBubble(BotMessages.English.AgentJoined(SupportBotServer.AdminName)), "the first told who joined").ToBeVisibleAsync();

            // Nobody answered the first customer yet: its queue item and conversation warn before the target.
            var warning = lead.QueueItem(firstId).Locator(".sla");
            await Expect(warning, "the SLA warning on the queue item").ToHaveAttributeAsync("data-sla", "warning");
            await Expect(warning).ToContainTextAsync("SLA first reply due in");
            await Expect(lead.Page.Locator("#chat-sla"), "the SLA warning on the conversation").ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(lead.Page, "the console with an assigned chat and an SLA warning");

            var all = problems.SelectMany(p => p.All).ToList();
            Assert.True(all.Count == 0, "The browsers reported problems:" + Environment.NewLine + string.Join(Environment.NewLine, all));
            Assert.True(Fixture.Server.Log.Errors.Count == 0, "The server logged errors:" + Environment.NewLine + string.Join(Environment.NewLine, Fixture.Server.Log.Errors));
        }
        catch
        {
            output.WriteLine("server log: " + Fixture.Server.Log.Describe());
            foreach (var problem in problems.SelectMany(p => p.All))
            {
                output.WriteLine(problem);
            }
            foreach (var (page, name) in new[] { (lead.Page, "lead"), (rina.Page, "rina") })
            {
                output.WriteLine($"{name}: {await page.Locator("body").InnerTextAsync(new() { Timeout = 2_000 })}");
            }
            throw;
        }
    }
}
