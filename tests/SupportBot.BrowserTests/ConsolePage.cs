using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// The agent console (/agent) as an agent sees it: sign-in, the queue, the conversation and its details.
public sealed class ConsolePage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Queue => Page.Locator("#queue-list");

    public ILocator Messages => Page.Locator("#messages");

    public ILocator Typing => Page.Locator("#typing");

    public ILocator Reply => Page.Locator("#reply");

    public ILocator Suggestions => Page.Locator("#suggestions");

    public ILocator Error => Page.Locator("#chat-error");

    public ILocator SignInForm => Page.Locator("#signin-form");

    /// The supervisors' "Add agent" dialog: the new-account form and the list of accounts.
    public ILocator AccountDialog => Page.Locator("#account-dialog");

    public ILocator QueueItem(string conversationId) => Queue.Locator($"li.queue-item[data-conversation-id='{conversationId}']");

    public ILocator Message(string speaker, string text) => Messages.Locator($".message.{speaker}").Filter(new() { HasText = text });

    public ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public async Task OpenAsync()
    {
        var response = await Page.GotoAsync("/agent");
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        await Expect(SignInForm, "the console's sign-in form").ToBeVisibleAsync();
    }

    /// Signs in and waits until the queue is shown and the live feed is connected.
    public async Task SignInAsync(string id, string password)
    {
        await SignInForm.GetByLabel("Agent id").FillAsync(id);
        await SignInForm.GetByLabel("Password").FillAsync(password);
        await Button("Sign in").ClickAsync();
        await Expect(Page.Locator("#console-screen"), "the console after signing in").ToBeVisibleAsync();
        await Expect(Page.Locator("#live"), "the live feed's indicator").ToBeVisibleAsync();
    }

    /// A supervisor creates a console account in the "Add agent" dialog (opened if it is not) and sees it confirmed;
    /// the dialog stays open on the list of accounts.
    public async Task AddAgentAsync(string id, string name, string password, string role = "agent")
    {
        if (!await AccountDialog.IsVisibleAsync())
        {
            await Button("Add agent").ClickAsync();
        }
        await AccountDialog.GetByLabel("Agent id").FillAsync(id);
        await AccountDialog.GetByLabel("Name customers see").FillAsync(name);
        await AccountDialog.GetByLabel("Password").FillAsync(password);
        await AccountDialog.Locator("select[name=role]").SelectOptionAsync(role);
        await AccountDialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(AccountDialog.Locator("#account-result"), "the new account's confirmation").ToHaveTextAsync($"Account {id} ({role}) created.");
    }

    /// Closes a dialog (by its element id) with its Close button.
    public Task CloseDialogAsync(string id) => Page.Locator($"#{id}").GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();

    public async Task SendAsync(string text)
    {
        await Reply.FillAsync(text);
        await Button("Send").ClickAsync();
        await Expect(Reply, "the reply box, emptied once the reply is sent").ToHaveValueAsync(string.Empty);
    }
}
