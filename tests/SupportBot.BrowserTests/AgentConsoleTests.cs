using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.Localization;
using SupportBot.Touchpoints;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// A customer in Web Chat and an agent in the console, in two browser contexts against the same host: the whole
/// handoff as both people see it, live on both screens.
public sealed class AgentConsoleTests(WebChatFixture fixture, ITestOutputHelper output) : IClassFixture<WebChatFixture>
{
    private static readonly BotMessages English = BotMessages.English;

    [Fact]
    public async Task An_agent_takes_a_customer_from_the_queue_helps_them_live_and_resolves_with_a_survey()
    {
        await using var agentContext = await fixture.NewContextAsync();
        await using var customerContext = await fixture.NewContextAsync();
        var agentProblems = BrowserProblems.Watch(agentContext);
        var customerProblems = BrowserProblems.Watch(customerContext);
        var console = new ConsolePage(await agentContext.NewPageAsync());
        var chat = new ChatPage(await customerContext.NewPageAsync());
        // The hub is reached by one WebSocket with no negotiate request, so no instance affinity is needed.
        var hubSockets = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var negotiations = new System.Collections.Concurrent.ConcurrentQueue<string>();
        console.Page.WebSocket += (_, socket) => hubSockets.Enqueue(socket.Url);
        console.Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/agent/hub/negotiate", StringComparison.Ordinal))
            {
                negotiations.Enqueue(request.Url);
            }
        };
        try
        {
            // A desk's screen: the console's three columns side by side.
            await console.Page.SetViewportSizeAsync(1366, 860);
            await console.OpenAsync();
            await console.SignInAsync(SupportBotServer.AdminId, SupportBotServer.AdminPassword);
            await chat.OpenAsync();
            var conversationId = await ConversationIdAsync(chat.Page);

            // The customer asks for a person; the console, open all along, shows them waiting without a reload.
            await chat.AskAsync("I'd like to talk to a person please");
            // Web Chat curls apostrophes, so the message is matched by a part without one.
            await Expect(chat.BotBubble("number 1 in the queue"), "the customer's place in the queue").ToBeVisibleAsync();
            var entry = console.QueueItem(conversationId);
            await Expect(entry, "the customer's entry in the live queue").ToBeVisibleAsync();
            Assert.Contains(hubSockets, url => url.Contains("/agent/hub", StringComparison.Ordinal));
            Assert.Empty(negotiations);
            await Expect(entry, "the escalation reason in the queue").ToContainTextAsync("Asked for a person");
            await Expect(entry.Locator(".wait"), "the ticking wait").ToContainTextAsync("waiting");

            await entry.ClickAsync();
            await console.Button("Claim").ClickAsync();
            await Expect(chat.BotBubble(English.AgentJoined(SupportBotServer.AdminName)), "the agent joining, in Web Chat").ToBeVisibleAsync();
            await Expect(console.Page.Locator("#chat-state"), "the conversation's state").ToHaveTextAsync($"with {SupportBotServer.AdminId}");
            await Expect(console.Page.Locator("#summary"), "the handoff summary").ToContainTextAsync("talk to a person");

            // The customer types: the console says so, then shows the message as it arrives, as text (not markup).
            const string question = "The hub light is solid <b>orange</b>, what does that mean?";
            await chat.SendBox.PressSequentiallyAsync("The hub");
            await Expect(console.Typing, "the customer-is-typing indicator").ToBeVisibleAsync();
            await chat.SendBox.FillAsync(string.Empty);
            await chat.AskAsync(question);
            await Expect(console.Message("customer", question), "the customer's message, live in the console").ToBeVisibleAsync();
            await Expect(console.Messages.Locator(".message.customer b"), "markup from the customer").ToHaveCountAsync(0);

            // Suggested answers for that message; inserting one fills the reply box with its excerpt and link.
            await Expect(console.Suggestions.Locator("li").First, "a suggested knowledge article").ToBeVisibleAsync();
            await console.Suggestions.Locator("li").First.GetByRole(AriaRole.Button, new() { Name = "Insert" }).ClickAsync();
            await Expect(console.Reply, "the inserted suggestion").ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"\(/kb/"));

            await console.SendAsync("Solid orange means the hub lost its internet connection. Please **restart your router**.");
            await Expect(chat.BotBubble("restart your router"), "the agent's reply in Web Chat").ToBeVisibleAsync();
            await Expect(console.Messages.Locator(".message.agent strong"), "the agent's Markdown, rendered").ToHaveTextAsync("restart your router");
            await Screenshots.SaveAsync(console.Page, "agent-console.png");
            await Accessibility.AssertNoViolationsAsync(console.Page, "the agent console with a conversation open");

            await console.Button("Resolve and send survey").ClickAsync();
            await Expect(chat.BotBubble(English.HandedBack(SupportBotServer.AdminName)), "the hand-back message").ToBeVisibleAsync();
            await Expect(entry, "the resolved conversation, gone from the queue").ToHaveCountAsync(0);

            // The survey card in Web Chat: a rating and a comment, sent with the card's own button.
            var card = chat.WebChat.Locator(".ac-adaptiveCard").Filter(new() { HasText = English.SurveyQuestion });
            await Expect(card, "the survey card").ToBeVisibleAsync();
            await card.GetByRole(AriaRole.Radio, new() { Name = $"5 - {English.SurveyVerySatisfied}" }).CheckAsync();
            await card.GetByPlaceholder(English.SurveyComment).FillAsync("Fixed in a minute");
            await card.GetByRole(AriaRole.Button, new() { Name = English.SurveySend }).ClickAsync();
            await Expect(chat.BotBubble(English.SurveyThanks), "the thanks for the survey").ToBeVisibleAsync();
            await Screenshots.SaveAsync(chat.Page, "webchat-handoff.png");

            var survey = Assert.Single(await fixture.Server.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(conversationId), t => t.Kind == TouchpointKind.Survey);
            Assert.Equal((5.0, "Fixed in a minute", SupportBotServer.AdminId), (survey.Confidence, survey.Text, survey.AgentId));

            AssertNoProblems(agentProblems, customerProblems);
        }
        catch
        {
            await ReportAsync(console, chat, agentProblems, customerProblems);
            throw;
        }
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_console_closed()
    {
        await using var context = await fixture.NewContextAsync();
        var console = new ConsolePage(await context.NewPageAsync());
        await console.OpenAsync();
        await console.SignInForm.GetByLabel("Agent id").FillAsync(SupportBotServer.AdminId);
        await console.SignInForm.GetByLabel("Password").FillAsync("not-the-password");
        await console.Button("Sign in").ClickAsync();

        await Expect(console.Page.Locator("#signin-error"), "the sign-in error").ToHaveTextAsync("Wrong agent id or password.");
        await Expect(console.Page.Locator("#console-screen"), "the console").ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_supervisor_adds_an_agent_who_then_signs_in_without_the_supervisors_tools()
    {
        await using var supervisorContext = await fixture.NewContextAsync();
        var supervisor = new ConsolePage(await supervisorContext.NewPageAsync());
        await supervisor.OpenAsync();
        await supervisor.SignInAsync(SupportBotServer.AdminId, SupportBotServer.AdminPassword);
        await supervisor.AddAgentAsync("budi", "Budi", "budi-browser-password");

        await using var agentContext = await fixture.NewContextAsync();
        var agent = new ConsolePage(await agentContext.NewPageAsync());
        await agent.OpenAsync();
        await agent.SignInAsync("budi", "budi-browser-password");
        await Expect(agent.Page.Locator("#who"), "who is signed in").ToHaveTextAsync("Budi (agent)");
        await Expect(agent.Button("Add agent"), "the supervisors' account tool").ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_supervisor_disables_an_agent_whose_open_console_then_needs_a_sign_in()
    {
        await using var supervisorContext = await fixture.NewContextAsync();
        var supervisor = new ConsolePage(await supervisorContext.NewPageAsync());
        await supervisor.OpenAsync();
        await supervisor.SignInAsync(SupportBotServer.AdminId, SupportBotServer.AdminPassword);
        await supervisor.AddAgentAsync("wati", "Wati", "wati-browser-password");
        var dialog = supervisor.AccountDialog;
        await using var agentContext = await fixture.NewContextAsync();
        var agent = new ConsolePage(await agentContext.NewPageAsync());
        await agent.OpenAsync();
        await agent.SignInAsync("wati", "wati-browser-password");

        var row = dialog.Locator("#account-list li").Filter(new() { HasText = "wati" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable", Exact = true }).ClickAsync();
        await Expect(dialog.Locator("#account-result"), "the change's confirmation").ToHaveTextAsync("wati disabled.");

        await agent.Page.ReloadAsync();
        await Expect(agent.SignInForm, "the sign-in form: the disabled agent's session ended").ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Enable", Exact = true }), "the way back").ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_supervisor_who_is_not_an_owner_sees_supervisors_accounts_without_their_buttons()
    {
        await using var ownerContext = await fixture.NewContextAsync();
        var owner = new ConsolePage(await ownerContext.NewPageAsync());
        await owner.OpenAsync();
        await owner.SignInAsync(SupportBotServer.AdminId, SupportBotServer.AdminPassword);
        foreach (var (id, role) in new[] { ("bima", "supervisor"), ("tari", "agent") })
        {
            await owner.AddAgentAsync(id, id, $"{id}-browser-password", role);
        }
        var dialog = owner.AccountDialog;
        await Expect(dialog.Locator("#account-list li").Filter(new() { HasText = "bima" }).GetByRole(AriaRole.Button, new() { Name = "Make agent" }), "the owner's way to demote").ToBeVisibleAsync();

        await using var supervisorContext = await fixture.NewContextAsync();
        var supervisor = new ConsolePage(await supervisorContext.NewPageAsync());
        await supervisor.OpenAsync();
        await supervisor.SignInAsync("bima", "bima-browser-password");
        await supervisor.Button("Add agent").ClickAsync();
        var list = supervisor.AccountDialog.Locator("#account-list");
        var lead = list.Locator("li").Filter(new() { HasText = SupportBotServer.AdminId });
        var agent = list.Locator("li").Filter(new() { HasText = "tari" });

        await Expect(lead, "the owner's account").ToContainTextAsync("Only an owner changes a supervisor's account.");
        await Expect(lead.GetByRole(AriaRole.Button), "buttons on the owner's account").ToHaveCountAsync(0);
        await Expect(agent.GetByRole(AriaRole.Button, new() { Name = "Disable", Exact = true }), "the agent's account tools").ToBeVisibleAsync();
        await Expect(agent.GetByRole(AriaRole.Button, new() { Name = "Make supervisor" }), "promotion, the owners' own").ToHaveCountAsync(0);
    }

    // Web Chat's Direct Line session, as embed.js keeps it.
    private static async Task<string> ConversationIdAsync(IPage page)
    {
        var saved = await page.EvaluateAsync<string>("() => sessionStorage.getItem('supportbot.directline')");
        return JsonDocument.Parse(saved).RootElement.GetProperty("conversationId").GetString()!;
    }

    private void AssertNoProblems(params BrowserProblems[] contexts)
    {
        var problems = contexts.SelectMany(c => c.All).ToList();
        Assert.True(problems.Count == 0, "The browsers reported problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        var serverErrors = fixture.Server.Log.Errors;
        Assert.True(serverErrors.Count == 0, "The server logged errors:" + Environment.NewLine + string.Join(Environment.NewLine, serverErrors));
    }

    private async Task ReportAsync(ConsolePage console, ChatPage chat, params BrowserProblems[] contexts)
    {
        foreach (var problem in contexts.SelectMany(c => c.All))
        {
            output.WriteLine(problem);
        }
        output.WriteLine("server log: " + fixture.Server.Log.Describe());
        foreach (var (page, name) in new[] { (console.Page, "console"), (chat.Page, "chat") })
        {
            try
            {
                output.WriteLine($"{name}: {await page.Locator("body").InnerTextAsync(new() { Timeout = 2_000 })}");
                var file = $"failure-{name}-{Guid.NewGuid():N}.png";
                await page.ScreenshotAsync(new() { Path = Screenshots.PathOf(file), Timeout = 5_000 });
                output.WriteLine($"failure screenshot: {Screenshots.PathOf(file)}");
            }
            catch (PlaywrightException ex)
            {
                output.WriteLine($"could not capture the {name} page: " + ex.Message);
            }
        }
    }
}
