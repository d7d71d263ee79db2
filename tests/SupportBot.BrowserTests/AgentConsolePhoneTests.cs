using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// The console on a phone, in a browser set to Indonesian: it speaks Indonesian before anyone signs in, fits the
/// screen's width, and an agent can claim and answer a Web Chat customer.
public sealed class AgentConsolePhoneTests(WebChatFixture fixture) : IClassFixture<WebChatFixture>
{
    [Fact]
    public async Task A_phone_sized_console_in_the_browsers_Indonesian_fits_the_screen_and_answers_a_customer()
    {
        await using var phone = await fixture.NewContextAsync("id-ID", 390, 844);
        await using var customerContext = await fixture.NewContextAsync();
        var problems = new[] { BrowserProblems.Watch(phone), BrowserProblems.Watch(customerContext) };
        var console = new ConsolePage(await phone.NewPageAsync());
        var chat = new ChatPage(await customerContext.NewPageAsync());

        await console.OpenAsync();
        await Expect(console.Page.Locator("html"), "the page's language, from the browser").ToHaveAttributeAsync("lang", "id");
        await console.SignInForm.GetByLabel("ID agen").FillAsync(SupportBotServer.AdminId);
        await console.SignInForm.GetByLabel("Kata sandi").FillAsync(SupportBotServer.AdminPassword);
        await console.Button("Masuk").ClickAsync();
        await Expect(console.Page.Locator("#live"), "the live feed").ToBeVisibleAsync();

        await chat.OpenAsync();
        var saved = await chat.Page.EvaluateAsync<string>("() => sessionStorage.getItem('supportbot.directline')");
        var conversationId = JsonDocument.Parse(saved).RootElement.GetProperty("conversationId").GetString()!;
        await chat.AskAsync("I'd like to talk to a person please");
        await console.QueueItem(conversationId).ClickAsync();
        await console.Button("Ambil").ClickAsync();
        await console.Reply.FillAsync("Halo, saya bisa bantu.");
        await console.Button("Kirim").ClickAsync();
        await Expect(chat.BotBubble("Halo, saya bisa bantu."), "the reply in Web Chat").ToBeVisibleAsync();

        Assert.True(
            await console.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "The console scrolls sideways on a 390 px wide screen.");
        var reply = await console.Reply.BoundingBoxAsync();
        Assert.NotNull(reply);
        Assert.True(reply.X >= 0 && reply.X + reply.Width <= 390, $"The reply box ({reply.X}, {reply.Width}) does not fit the screen.");
        await Accessibility.AssertNoViolationsAsync(console.Page, "the console on a phone, in Indonesian");

        var all = problems.SelectMany(p => p.All).ToList();
        Assert.True(all.Count == 0, "The browsers reported problems:" + Environment.NewLine + string.Join(Environment.NewLine, all));
    }
}
