using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// Hostile text from a customer reaches the agent console as text: no markup, no script, no link off the site.
public sealed class ConsoleInjectionTests(WebChatFixture fixture) : IClassFixture<WebChatFixture>
{
    private const string Img = "<img src=x onerror=\"window.__pwned=(window.__pwned||0)+1\">";
    private const string Links = "[help](javascript:window.__pwned=1) and [login](//phish.example/login)";

    [Fact]
    public async Task An_agent_sees_an_img_onerror_payload_as_text_and_no_script_runs()
    {
        await using var agentContext = await fixture.NewContextAsync();
        await using var customerContext = await fixture.NewContextAsync();
        var console = new ConsolePage(await agentContext.NewPageAsync());
        var chat = new ChatPage(await customerContext.NewPageAsync());
        await console.OpenAsync();
        await console.SignInAsync(SupportBotServer.AdminId, SupportBotServer.AdminPassword);
        await chat.OpenAsync();
        var saved = await chat.Page.EvaluateAsync<string>("() => sessionStorage.getItem('supportbot.directline')");
        var conversationId = JsonDocument.Parse(saved).RootElement.GetProperty("conversationId").GetString()!;

        // The payload is in the message that asks for a person, so it is in the handoff brief too.
        await chat.AskAsync($"I'd like to talk to a person please {Img}");
        var entry = console.QueueItem(conversationId);
        await Expect(entry).ToBeVisibleAsync();
        await entry.ClickAsync();
        await console.Button("Claim").ClickAsync();
        await Expect(console.Page.Locator("#summary")).ToContainTextAsync("talk to a person");
        await chat.AskAsync($"{Img} {Links}");

        await Expect(console.Message("customer", Img).Last, "the payload, shown as the text it is").ToBeVisibleAsync();
        await Expect(console.Message("customer", "[help](javascript:")).ToBeVisibleAsync();
        var page = console.Page;
        Assert.Equal(0, await page.Locator("#messages img, #summary img").CountAsync());
        Assert.Equal(0, await page.Locator("a[href^='javascript'], a[href^='//']").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"), "The customer's onerror handler ran in the console.");
    }

    [Fact]
    public async Task A_link_the_customer_wrote_is_shown_in_the_handoff_brief_as_text()
    {
        await using var agentContext = await fixture.NewContextAsync();
        await using var customerContext = await fixture.NewContextAsync();
        var console = new ConsolePage(await agentContext.NewPageAsync());
        var chat = new ChatPage(await customerContext.NewPageAsync());
        await console.OpenAsync();
        await console.SignInAsync(SupportBotServer.AdminId, SupportBotServer.AdminPassword);
        await chat.OpenAsync();
        var saved = await chat.Page.EvaluateAsync<string>("() => sessionStorage.getItem('supportbot.directline')");
        var conversationId = JsonDocument.Parse(saved).RootElement.GetProperty("conversationId").GetString()!;

        // The brief quotes the customer: a Markdown link there must not become one the agent clicks as if the bot wrote it.
        await chat.AskAsync("I'd like to talk to a person please, see [your reset page](https://phish.example/reset)");
        var entry = console.QueueItem(conversationId);
        await Expect(entry).ToBeVisibleAsync();
        await entry.ClickAsync();

        var summary = console.Page.Locator("#summary");
        await Expect(summary).ToContainTextAsync("[your reset page](https://phish.example/reset)");
        Assert.Equal(0, await summary.Locator("a, strong, em, code").CountAsync());
    }
}
