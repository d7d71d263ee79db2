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
/// The supervisor then covers the desk from the Team dialog: a second seat for rina takes the waiting customer, and
/// with both agents away the next customer leaves a message, which the supervisor assigns to rina in the tickets
/// inbox and rina answers there, solving it; the answer reaches the customer in Web Chat.
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

    private const string LeftMessage = "My bulb keeps blinking after the update. Reach me at budi@example.com";
    private const string TicketAnswer = "Please update the app to 4.2, that fixes the blinking.";

    [Fact]
    public async Task Chats_are_assigned_up_to_capacity_an_sla_warning_shows_and_an_offline_message_is_answered()
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
            await lead.AddAgentAsync("rina", "Rina", "rina-browser-password");
            await lead.CloseDialogAsync("account-dialog");
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

            // The supervisor gives rina a second seat from the Team dialog: the waiting customer goes to her.
            await lead.Button("Team").ClickAsync();
            var team = lead.Page.Locator("#team-dialog");
            var rinaRow = team.Locator("li.team-agent[data-agent-id='rina']");
            await Expect(rinaRow, "rina in the team, her one seat taken").ToContainTextAsync("rina · online · 1/1 chats");
            await rinaRow.GetByLabel("Seats").FillAsync("2");
            await rinaRow.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(team.Locator("#team-result"), "the change, confirmed").ToHaveTextAsync("rina: online, 2 seats.");
            await Expect(third.BotBubble(BotMessages.English.AgentJoined("Rina")), "the third customer, now with rina").ToBeVisibleAsync();
            await Expect(rinaRow, "rina's two chats").ToContainTextAsync("2/2 chats");
            await Accessibility.AssertNoViolationsAsync(lead.Page, "the team dialog");

            // Both away (rina set by the supervisor, the supervisor by himself): the next customer leaves a message.
            await rinaRow.GetByLabel("Status").SelectOptionAsync("away");
            await rinaRow.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(team.Locator("#team-result"), "rina, away").ToHaveTextAsync("rina: away, 2 seats.");
            await Expect(rinaRow, "rina's status in the list").ToContainTextAsync("rina · away");
            await lead.CloseDialogAsync("team-dialog");
            await lead.Page.Locator("#presence").SelectOptionAsync("away");
            await Expect(lead.Page.Locator("#presence"), "the supervisor, away").ToHaveAttributeAsync("data-effective", "away");
            var (offline, _) = await CustomerAsync(lateCustomers);
            await offline.AskAsync("I'd like to talk to a person please");
            await Expect(offline.BotBubble("Nobody from our support team is available right now."), "the offer to leave a message").ToBeVisibleAsync();
            await offline.AskAsync(LeftMessage);
            // Web Chat's Markdown curls the apostrophe of "we've": the words after it are matched.
            await Expect(offline.BotBubble("saved your message and will get back to you at budi@example.com"), "the message, saved").ToBeVisibleAsync();
            Assert.EndsWith("saved your message and will get back to you at budi@example.com.", BotMessages.English.TicketSaved("budi@example.com"), StringComparison.Ordinal);

            // The supervisor gives the ticket to rina in the tickets inbox.
            await lead.Button("Tickets").ClickAsync();
            var leadTickets = lead.Page.Locator("#tickets-dialog");
            await leadTickets.Locator("#ticket-list li").Filter(new() { HasText = "blinking" }).GetByRole(AriaRole.Button).ClickAsync();
            await Expect(leadTickets.Locator("#ticket-detail"), "the ticket's detail").ToContainTextAsync("budi@example.com");
            await leadTickets.GetByLabel("Assigned to").SelectOptionAsync("rina");
            await leadTickets.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
            await Expect(leadTickets.Locator("#ticket-result"), "the assignment, confirmed").ToHaveTextAsync("Ticket assigned to rina.");
            await Accessibility.AssertNoViolationsAsync(lead.Page, "the tickets inbox");
            await lead.CloseDialogAsync("tickets-dialog");

            // Rina answers it from her inbox and solves it; the customer reads the answer in Web Chat.
            await rina.Button("Tickets").ClickAsync();
            var rinaTickets = rina.Page.Locator("#tickets-dialog");
            var ticket = rinaTickets.Locator("#ticket-list li").Filter(new() { HasText = "blinking" });
            await Expect(ticket, "the ticket, assigned to rina").ToContainTextAsync("open · budi@example.com · rina");
            await ticket.GetByRole(AriaRole.Button).ClickAsync();
            await rinaTickets.GetByLabel("Answer", new() { Exact = true }).FillAsync(TicketAnswer);
            await rinaTickets.GetByLabel("Solve with this answer").CheckAsync();
            await rinaTickets.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).ClickAsync();
            await Expect(rinaTickets.Locator("#ticket-result"), "the answer, sent and solved").ToHaveTextAsync("Answered by channel; ticket solved.");
            await Expect(offline.BotBubble(TicketAnswer), "the answer in the customer's Web Chat").ToBeVisibleAsync();
            await rinaTickets.Locator("#ticket-status").SelectOptionAsync("solved");
            await Expect(rinaTickets.Locator("#ticket-list li").Filter(new() { HasText = "blinking" }), "the ticket among the solved").ToContainTextAsync("solved");

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
