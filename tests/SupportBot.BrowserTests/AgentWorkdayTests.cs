using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SupportBot.Localization;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// A day in the life of two agents, each in their own browser context, with customers in Web Chat: round robin gives
/// each agent one chat (their capacity) while the next customer waits; a canned reply with a placeholder reaches the
/// customer filled in; a private note's @mention lights the colleague's badge and never reaches the customer; the
/// conversation is transferred to the colleague picked from the list, and the freed seat takes the waiting customer.
/// The colleague's draft survives a switch, the customer's reply shows as unread (with the chime and a desktop
/// notification while her tab is hidden), a file reaches Web Chat and the conversation is resolved. The supervisor covers the desk from the Team dialog (a second seat, away); with both away
/// a customer leaves a message, which is assigned and answered in the tickets inbox and reaches them in Web Chat.
/// Search finds the closed conversation, "?" and "s" work, the unanswered one warns before its first-response target, and the console
/// switches to Indonesian. One server and one sign-in per agent serve it all.
public sealed class AgentWorkdayTests(WorkdayFixture workday, ITestOutputHelper output) : IClassFixture<WorkdayFixture>
{
    private const string LeftMessage = "My bulb keeps blinking after the update. Reach me at budi@example.com";
    private const string TicketAnswer = "Please update the app to 4.2, that fixes the blinking.";

    // Records the console's alerts where the test can read them: desktop notifications (still shown through the real
    // API, permission granted) and the chime's tones. Whether the tab is hidden is the test's to say, as the OS would.
    private const string AlertSpy = """
        window.__notified = [];
        window.__tones = 0;
        window.Notification = new Proxy(window.Notification, {
          construct(target, args) { window.__notified.push({ title: args[0], body: args[1]?.body ?? '' }); return Reflect.construct(target, args); },
        });
        const createOscillator = AudioContext.prototype.createOscillator;
        AudioContext.prototype.createOscillator = function () { window.__tones++; return createOscillator.call(this); };
        Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => window.__hidden === true });
        """;

    private WebChatFixture Fixture => workday.Inner;

    private static async Task<(ChatPage Chat, string ConversationId)> CustomerAsync(IBrowserContext context)
    {
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync();
        var saved = await chat.Page.EvaluateAsync<string>("() => sessionStorage.getItem('supportbot.directline')");
        return (chat, JsonDocument.Parse(saved).RootElement.GetProperty("conversationId").GetString()!);
    }

    [Fact]
    public async Task Two_agents_work_a_day_from_round_robin_to_the_tickets_inbox_search_and_an_sla_warning()
    {
        await using var leadContext = await Fixture.NewContextAsync();
        await using var rinaContext = await Fixture.NewContextAsync();
        await using var customers = await Fixture.NewContextAsync();
        await using var lateCustomers = await Fixture.NewContextAsync();
        var problems = new[] { BrowserProblems.Watch(leadContext), BrowserProblems.Watch(rinaContext), BrowserProblems.Watch(customers) };
        await rinaContext.GrantPermissionsAsync(["notifications"]);
        await rinaContext.AddInitScriptAsync(AlertSpy);
        var lead = new ConsolePage(await leadContext.NewPageAsync());
        var rina = new ConsolePage(await rinaContext.NewPageAsync());
        var pages = new List<(IPage Page, string Name)> { (lead.Page, "lead"), (rina.Page, "rina") };
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

            // Round robin: one customer each, opened on the agent's console; a third waits for a free seat.
            var (chat, conversationId) = await CustomerAsync(customers);
            pages.Add((chat.Page, "first customer"));
            await chat.AskAsync("I'd like to talk to a person please");
            await Expect(lead.Page.Locator("#assigned"), "lead's arrival").ToHaveTextAsync("Assigned to you: a customer in support.");
            await Expect(lead.Page.Locator("#chat-state"), "lead holds the first").ToHaveTextAsync($"with {SupportBotServer.AdminId}");
            var (second, secondId) = await CustomerAsync(customers);
            await second.AskAsync("I'd like to talk to a person please");
            await Expect(rina.Page.Locator("#chat-state"), "rina holds the second").ToHaveTextAsync("with rina");
            await Expect(rina.Page.Locator("#load"), "rina's load").ToHaveTextAsync("1/1 chats");
            var (third, thirdId) = await CustomerAsync(lateCustomers);
            await third.AskAsync("I'd like to talk to a person please");
            await Expect(lead.QueueItem(thirdId), "the third waiting").ToHaveAttributeAsync("data-state", "queued");
            await Expect(chat.BotBubble(BotMessages.English.AgentJoined(SupportBotServer.AdminName)), "the first told who joined").ToBeVisibleAsync();

            // A personal canned response, then "/tha" and Enter in the reply box: {agent.name} filled in.
            await lead.Button("Canned responses").ClickAsync();
            var canned = lead.Page.Locator("#canned-dialog");
            await canned.GetByLabel("Shortcut").FillAsync("thanks");
            await canned.GetByLabel("Title").FillAsync("Thanks for waiting");
            await canned.GetByLabel("Text").FillAsync("Thanks for waiting, this is {agent.name}.");
            await canned.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(canned.Locator("#canned-result"), "the saved response").ToHaveTextAsync("/thanks saved.");
            await canned.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
            await lead.Reply.FillAsync("/tha");
            await Expect(lead.Page.GetByRole(AriaRole.Option).Filter(new() { HasText = "/thanks" }), "the picker's match").ToBeVisibleAsync();
            await lead.Reply.PressAsync("Enter");
            const string filled = "Thanks for waiting, this is Lena Lead.";
            await Expect(lead.Reply, "the response filled in").ToHaveValueAsync(filled);
            await lead.Button("Send").ClickAsync();
            await Expect(chat.BotBubble(filled), "the canned reply in Web Chat").ToBeVisibleAsync();

            // A private note for rina: marked in lead's transcript, a badge on rina's console, nothing in Web Chat.
            await lead.Reply.FillAsync("@rina can you take the refund?");
            await lead.Button("Add note").ClickAsync();
            await Expect(lead.Message("note", "can you take the refund?"), "the note in the transcript").ToContainTextAsync("Private note");
            var badge = rina.Page.Locator("#mentions");
            await Expect(badge, "rina's unread mention").ToBeVisibleAsync();
            await Expect(badge.Locator("#mentions-count"), "one unread mention").ToHaveTextAsync("1");
            await badge.ClickAsync();
            await Expect(rina.Message("note", "can you take the refund?"), "the note in rina's transcript").ToBeVisibleAsync();
            await Expect(badge, "the mention, read").ToBeHiddenAsync();
            await Accessibility.AssertNoViolationsAsync(lead.Page, "the console with a canned reply and a private note");

            // The transfer, picked from the list of agents; lead's freed seat takes the waiting customer.
            await lead.Page.Locator("#transfer-agent").SelectOptionAsync("rina");
            await lead.Button("Transfer").ClickAsync();
            await Expect(chat.BotBubble(BotMessages.English.TransferredToAgent("Rina")), "the customer told a name").ToBeVisibleAsync();
            await Expect(rina.Page.Locator("#chat-state"), "rina holds the conversation").ToHaveTextAsync("with rina");
            await Expect(chat.Transcript, "Web Chat without the note").Not.ToContainTextAsync("take the refund");
            await Expect(chat.Transcript, "Web Chat without the agent id").Not.ToContainTextAsync("rina");
            await Expect(third.BotBubble(BotMessages.English.AgentJoined(SupportBotServer.AdminName)), "the third customer, now with lead").ToBeVisibleAsync();
            await Expect(lead.Page.Locator("#load"), "lead's seat, taken again").ToHaveTextAsync("1/1 chats");

            // Rina's draft survives switching to her other chat; the customer's reply meanwhile counts as unread, and
            // with her tab hidden it comes as a desktop notification with the chime (her default settings).
            const string draft = "Half-written answer about the refund";
            await rina.Reply.FillAsync(draft);
            await rina.QueueItem(secondId).ClickAsync();
            await Expect(rina.Reply, "the other conversation's empty reply box").ToHaveValueAsync(string.Empty);
            var tonesBefore = await rina.Page.EvaluateAsync<int>("() => window.__tones");
            await rina.Page.EvaluateAsync("() => { window.__hidden = true; }");
            await chat.AskAsync("My invoice number is KX7731");
            await Expect(rina.QueueItem(conversationId).Locator(".unread-count"), "one unread customer message").ToHaveTextAsync("1");
            await Expect(rina.Page, "the unread count in the tab title").ToHaveTitleAsync(new Regex(@"^\(1\) "));
            await rina.Page.WaitForFunctionAsync("() => window.__notified.some(n => n.body.includes('KX7731'))");
            await rina.Page.EvaluateAsync("() => { window.__hidden = false; }");
            Assert.Equal("New message from a customer", await rina.Page.EvaluateAsync<string>("() => window.__notified.find(n => n.body.includes('KX7731')).title"));
            Assert.True(await rina.Page.EvaluateAsync<int>("() => window.__tones") > tonesBefore, "the chime for the customer's message");
            await rina.QueueItem(conversationId).ClickAsync();
            await Expect(rina.Reply, "the draft, back").ToHaveValueAsync(draft);
            await Expect(rina.QueueItem(conversationId).Locator(".unread-count"), "the message, read").ToHaveCountAsync(0);
            await Expect(rina.Page, "no unread count in the title").ToHaveTitleAsync(new Regex(@"^Lumora"));

            // A file from rina reaches the Web Chat customer as an image this host serves; then she resolves.
            await rina.Page.Locator("#attach-file").SetInputFilesAsync(new FilePayload
            {
                Name = "router-steps.png",
                MimeType = "image/png",
                Buffer = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="),
            });
            await Expect(rina.Message("agent", "router-steps.png"), "the file in rina's transcript").ToBeVisibleAsync();
            await Expect(chat.WebChat.Locator("[src*='/v3/directline/attachments/']").First, "the file in Web Chat").ToBeAttachedAsync();
            await rina.Button("Resolve and send survey").ClickAsync();
            await Expect(rina.Page.Locator("#chat-state"), "the conversation, closed").ToHaveTextAsync("resolved");

            // The supervisor covers the desk from the Team dialog: a second seat for rina, then rina away.
            await lead.Button("Team").ClickAsync();
            var team = lead.Page.Locator("#team-dialog");
            var rinaRow = team.Locator("li.team-agent[data-agent-id='rina']");
            await Expect(rinaRow, "rina in the team, her one seat taken").ToContainTextAsync("rina · online · 1/1 chats");
            await rinaRow.GetByLabel("Seats").FillAsync("2");
            await rinaRow.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(team.Locator("#team-result"), "the change, confirmed").ToHaveTextAsync("rina: online, 2 seats.");
            await Expect(rinaRow, "rina's second seat, free").ToContainTextAsync("1/2 chats");
            await Accessibility.AssertNoViolationsAsync(lead.Page, "the team dialog");
            await rinaRow.GetByLabel("Status").SelectOptionAsync("away");
            await rinaRow.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(team.Locator("#team-result"), "rina, away").ToHaveTextAsync("rina: away, 2 seats.");
            await Expect(rinaRow, "rina's status in the list").ToContainTextAsync("rina · away");
            await lead.CloseDialogAsync("team-dialog");

            // With the supervisor away too, the next customer leaves a message.
            await lead.Page.Locator("#presence").SelectOptionAsync("away");
            await Expect(lead.Page.Locator("#presence"), "the supervisor, away").ToHaveAttributeAsync("data-effective", "away");
            var (offline, _) = await CustomerAsync(lateCustomers);
            pages.Add((offline.Page, "offline customer"));
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
            await rina.CloseDialogAsync("tickets-dialog");

            // Search finds the closed conversation by what the customer said, and opens its transcript.
            await lead.Page.Locator("#search").FillAsync("kx7731");
            await lead.Page.Locator("#search").PressAsync("Enter");
            var found = lead.Page.Locator($"#search-list li.search-conversation[data-conversation-id='{conversationId}']");
            await Expect(found, "the closed conversation among the results").ToContainTextAsync("resolved");
            await Accessibility.AssertNoViolationsAsync(lead.Page, "the console's search results");
            await found.GetByRole(AriaRole.Button).ClickAsync();
            await Expect(lead.Message("customer", "KX7731"), "the found conversation's transcript").ToBeVisibleAsync();
            await Expect(lead.Page.Locator("#chat-state"), "the found conversation's state").ToHaveTextAsync("resolved");

            // Keyboard shortcuts: "?" opens their help, "s" goes to the search box.
            await lead.Page.Keyboard.PressAsync("?");
            await Expect(lead.Page.Locator("#shortcuts-dialog"), "the shortcuts' help").ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(lead.Page, "the shortcuts' help");
            await lead.Page.Locator("#shortcuts-close").ClickAsync();
            await lead.Page.Keyboard.PressAsync("s");
            await Expect(lead.Page.Locator("#search"), "the search box, from the keyboard").ToBeFocusedAsync();

            // Nobody has answered the second customer: rina's queue item and conversation warn before the target.
            var warning = rina.QueueItem(secondId).Locator(".sla");
            await Expect(warning, "the SLA warning on the queue item").ToHaveAttributeAsync("data-sla", "warning");
            await Expect(warning).ToContainTextAsync("SLA first reply due in");
            await rina.QueueItem(secondId).ClickAsync();
            await Expect(rina.Page.Locator("#chat-sla"), "the SLA warning on the conversation").ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(rina.Page, "the console with an SLA warning");

            // Indonesian, chosen in the settings and kept by the server across a reload.
            await lead.Button("Settings").ClickAsync();
            var settings = lead.Page.Locator("#settings-dialog");
            await settings.GetByLabel("Language").SelectOptionAsync("id");
            await settings.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(settings.Locator("#settings-result"), "the saved settings, in Indonesian").ToHaveTextAsync("Pengaturan disimpan.");
            await settings.GetByRole(AriaRole.Button, new() { Name = "Tutup" }).ClickAsync();
            await lead.Page.ReloadAsync();
            await Expect(lead.Page.Locator("#live"), "the live feed after the reload").ToBeVisibleAsync();
            await Expect(lead.Page.Locator("html"), "the page's language").ToHaveAttributeAsync("lang", "id");
            await Expect(lead.Button("Pengaturan"), "the settings button in Indonesian").ToBeVisibleAsync();
            await Expect(lead.Page.GetByRole(AriaRole.Tab, new() { Name = "Semua" }), "the All tab in Indonesian").ToBeVisibleAsync();
            await Expect(lead.Page.Locator("#search"), "the search box in Indonesian").ToHaveAttributeAsync("placeholder", "Cari percakapan dan pelanggan");
            await Accessibility.AssertNoViolationsAsync(lead.Page, "the console in Indonesian");

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
            foreach (var (page, name) in pages)
            {
                output.WriteLine($"{name}: {await page.Locator("body").InnerTextAsync(new() { Timeout = 2_000 })}");
            }
            throw;
        }
    }
}
