namespace SupportBot.BrowserTests;

/// SupportBot and a customer's own site on two loopback ports (two origins), the site trusted by SupportBot, and
/// one headless Chromium.
public sealed class EmbedFixture : IAsyncLifetime
{
    public CustomerSite Site { get; private set; } = null!;

    public WebChatFixture Chat { get; } = new();

    public SupportBotServer Server => Chat.Server;

    public async Task InitializeAsync()
    {
        // The site first: SupportBot's settings name its origin.
        Site = await CustomerSite.StartAsync();
        Site.Trust(Chat.Server.Settings);
        await Chat.InitializeAsync();
        Site.ChatHost = Chat.Server.RootUri;
    }

    public async Task DisposeAsync()
    {
        await Chat.DisposeAsync();
        await Site.DisposeAsync();
    }
}
