using Microsoft.Playwright;

namespace SupportBot.BrowserTests;

/// One host and one headless Chromium for the browser tests; each test opens its own browser context, so
/// session storage (and so the Direct Line conversation) is never shared between tests.
public sealed class WebChatFixture : IAsyncLifetime
{
    /// Generous but bounded: a cold Web Chat bundle, the first Lucene query and a 2-core CI machine all fit.
    public const float TimeoutMs = 30_000;

    /// Debian's package; the tests never download a browser of their own ("playwright install" is not used).
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("SUPPORTBOT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public SupportBotServer Server { get; } = new();

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new FileNotFoundException(
                $"Chromium is not at {ChromiumPath}. Run 'bash tests/run.sh' (it installs Debian's chromium) or 'apt-get install -y chromium'.", ChromiumPath);
        }
        Server.Start();
        Assertions.SetDefaultExpectTimeout(TimeoutMs);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = TimeoutMs,
            Args =
            [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        });
    }

    public async Task<IBrowserContext> NewContextAsync(string locale = "en-US", int width = 960, int height = 720)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Server.RootUri.ToString(),
            Locale = locale,
            ViewportSize = new() { Width = width, Height = height },
        });
        context.SetDefaultTimeout(TimeoutMs);
        context.SetDefaultNavigationTimeout(TimeoutMs);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}
