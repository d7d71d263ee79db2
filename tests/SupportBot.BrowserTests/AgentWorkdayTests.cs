using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SupportBot.Localization;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// Two agents in two browser contexts and a customer in Web Chat: a canned reply with a placeholder reaches the
/// customer filled in, a private note with an @mention lights the colleague's badge and never reaches the
/// customer, and the conversation is transferred to the colleague picked from the list. Then a draft survives a
/// switch, a customer reply shows as unread, a file reaches Web Chat, search finds the closed conversation and the
/// console switches to Indonesian.
public sealed class AgentWorkdayTests(WebChatFixture fixture, ITestOutputHelper output) : IClassFixture<WebChatFixture>
{
    [Fact]
    public async Task Two_agents_use_a_canned_reply_a_private_note_with_a_mention_and_the_transfer_picker()
    {
        await using var leadContext = await fixture.NewContextAsync();
        await using var rinaContext = await fixture.NewContextAsync();
        await using var customerContext = await fixture.NewContextAsync();
        var problems = new[] { BrowserProblems.Watch(leadContext), BrowserProblems.Watch(rinaContext), BrowserProblems.Watch(customerContext) };
        var lead = new ConsolePage(await leadContext.NewPageAsync());
        var rina = new ConsolePage(await rinaContext.NewPageAsync());
        var chat = new ChatPage(await customerContext.NewPageAsync());
        try
        {
            await lead.Page.SetViewportSizeAsync(1366, 860);
            await lead.OpenAsync();
            await lead.SignInAsync(SupportBotServer.AdminId, SupportBotServer.AdminPassword);
            await lead.AddAgentAsync("rina", "Rina", "rina-browser-password");
            await lead.CloseDialogAsync("account-dialog");
            await rina.OpenAsync();
            await rina.SignInAsync("rina", "rina-browser-password");

            await chat.OpenAsync();
            var saved = await chat.Page.EvaluateAsync<string>("() => sessionStorage.getItem('supportbot.directline')");
            var conversationId = JsonDocument.Parse(saved).RootElement.GetProperty("conversationId").GetString()!;
            await chat.AskAsync("I'd like to talk to a person please");
            await lead.QueueItem(conversationId).ClickAsync();
            await lead.Button("Claim").ClickAsync();
            await Expect(lead.Page.Locator("#chat-state"), "the conversation's state").ToHaveTextAsync($"with {SupportBotServer.AdminId}");

            // A personal canned response, then "/tha" and Enter in the reply box.
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

            // The transfer, picked from the list of agents.
            await lead.Page.Locator("#transfer-agent").SelectOptionAsync("rina");
            await lead.Button("Transfer").ClickAsync();
            await Expect(chat.BotBubble(BotMessages.English.TransferredToAgent("Rina")), "the customer told a name").ToBeVisibleAsync();
            await Expect(rina.Page.Locator("#chat-state"), "rina holds the conversation").ToHaveTextAsync("with rina");
            await Expect(chat.Transcript, "Web Chat without the note").Not.ToContainTextAsync("take the refund");
            await Expect(chat.Transcript, "Web Chat without the agent id").Not.ToContainTextAsync("rina");

            // A draft survives switching to a new chat; the customer's reply meanwhile counts as unread.
            const string draft = "Half-written answer about the refund";
            await rina.Reply.FillAsync(draft);
            var second = new ChatPage(await customerContext.NewPageAsync());
            await second.OpenAsync();
            var secondSaved = await second.Page.EvaluateAsync<string>("() => sessionStorage.getItem('supportbot.directline')");
            var secondId = JsonDocument.Parse(secondSaved).RootElement.GetProperty("conversationId").GetString()!;
            await second.AskAsync("I'd like to talk to a person please");
            await rina.QueueItem(secondId).ClickAsync();
            await Expect(rina.Reply, "the other conversation's empty reply box").ToHaveValueAsync(string.Empty);
            await chat.AskAsync("My invoice number is KX7731");
            await Expect(rina.QueueItem(conversationId).Locator(".unread-count"), "one unread customer message").ToHaveTextAsync("1");
            await Expect(rina.Page, "the unread count in the tab title").ToHaveTitleAsync(new Regex(@"^\(1\) "));
            await rina.QueueItem(conversationId).ClickAsync();
            await Expect(rina.Reply, "the draft, back").ToHaveValueAsync(draft);
            await Expect(rina.QueueItem(conversationId).Locator(".unread-count"), "the message, read").ToHaveCountAsync(0);
            await Expect(rina.Page, "no unread count in the title").ToHaveTitleAsync(new Regex(@"^Lumora"));

            // A file from rina reaches the Web Chat customer as an image this host serves.
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

            // Search finds the closed conversation by what the customer said, and opens its transcript.
            await lead.Page.Locator("#search").FillAsync("kx7731");
            await lead.Page.Locator("#search").PressAsync("Enter");
            var found = lead.Page.Locator($"#search-list li.search-conversation[data-conversation-id='{conversationId}']");
            await Expect(found, "the closed conversation among the results").ToContainTextAsync("resolved");
            await Accessibility.AssertNoViolationsAsync(lead.Page, "the console's search results");
            await found.GetByRole(AriaRole.Button).ClickAsync();
            await Expect(lead.Message("customer", "KX7731"), "the found conversation's transcript").ToBeVisibleAsync();
            await Expect(lead.Page.Locator("#chat-state"), "the found conversation's state").ToHaveTextAsync("resolved");

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
            Assert.True(fixture.Server.Log.Errors.Count == 0, "The server logged errors:" + Environment.NewLine + string.Join(Environment.NewLine, fixture.Server.Log.Errors));
        }
        catch
        {
            output.WriteLine("server log: " + fixture.Server.Log.Describe());
            foreach (var problem in problems.SelectMany(p => p.All))
            {
                output.WriteLine(problem);
            }
            foreach (var (page, name) in new[] { (lead.Page, "lead"), (rina.Page, "rina"), (chat.Page, "chat") })
            {
                output.WriteLine($"{name}: {await page.Locator("body").InnerTextAsync(new() { Timeout = 2_000 })}");
            }
            throw;
        }
    }
}
