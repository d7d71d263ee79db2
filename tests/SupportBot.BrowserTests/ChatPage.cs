using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// The chat page as a person sees it: Web Chat's send box and the user's and the bot's bubbles. The host's own
/// page holds Web Chat in #webchat; a site that embeds it, in the element its snippet names.
public sealed class ChatPage
{
    public const string WelcomeText = "Lumora support assistant";

    public ChatPage(IPage page, string container = "#webchat")
    {
        Page = page;
        WebChat = page.Locator(container);
    }

    public IPage Page { get; }

    public ILocator WebChat { get; }

    public ILocator Transcript => WebChat.Locator(".webchat__basic-transcript__transcript");

    public ILocator SendBox => WebChat.Locator("[data-id='webchat-sendbox-input']");

    public ILocator UserBubbles => WebChat.Locator(".webchat__bubble.webchat__bubble--from-user");

    public ILocator BotBubbles => WebChat.Locator(".webchat__bubble:not(.webchat__bubble--from-user)");

    public ILocator UserBubble(string text) => UserBubbles.Filter(new() { HasText = text });

    public ILocator BotBubble(string text) => BotBubbles.Filter(new() { HasText = text });

    /// Opens the chat and waits until Web Chat is connected and the bot has greeted.
    public async Task OpenAsync()
    {
        var response = await Page.GotoAsync("/");
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        await WaitUntilReadyAsync();
    }

    public async Task WaitUntilReadyAsync()
    {
        await Expect(Page.Locator("#chat-error"), "embed.js reported that the chat could not start").ToBeHiddenAsync();
        await Expect(SendBox, "Web Chat's send box").ToBeEditableAsync();
        await Expect(BotBubble(WelcomeText), "the bot's welcome message").ToBeVisibleAsync();
    }

    /// Types into the send box and presses Enter, as a person does, then waits until Web Chat shows the message
    /// as sent (not "Sending…", not "Send failed").
    public async Task AskAsync(string question)
    {
        await SendBox.FillAsync(question);
        await SendBox.PressAsync("Enter");
        await Expect(UserBubble(question), "the user's message, on the user's side").ToBeVisibleAsync();
        await ExpectSentAsync();
    }

    /// The question shows once, on the user's side only: Direct Line's echo of it replaced Web Chat's pending copy
    /// (no duplicate) and names the user as its sender (not shown as the bot's).
    public async Task ExpectOnUserSideOnceAsync(string question)
    {
        await Expect(UserBubble(question), "the question on the user's side").ToHaveCountAsync(1);
        await Expect(BotBubble(question), "the question on the bot's side").ToHaveCountAsync(0);
    }

    public async Task ExpectSentAsync()
    {
        await Expect(WebChat.Locator(".webchat__activity-status--sending"), "a message still sending").ToHaveCountAsync(0);
        await Expect(WebChat, "Web Chat's send status").Not.ToContainTextAsync("Send failed");
    }
}
