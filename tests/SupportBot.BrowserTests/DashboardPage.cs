using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests;

/// The supervisor dashboard (/dashboard): sign-in, filters, key figures, charts and tables.
public sealed class DashboardPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Dashboard => Page.Locator("#dashboard");

    public ILocator Filters => Page.Locator("#filters");

    public ILocator Kpi(string key) => Page.Locator($".kpi[data-kpi='{key}'] .value");

    public ILocator Table(string id) => Page.Locator($"#{id} table");

    public async Task OpenAndSignInAsync(string id, string password)
    {
        var response = await Page.GotoAsync("/dashboard");
        Assert.Equal(200, response?.Status);
        var form = Page.Locator("#signin-form");
        await form.GetByLabel("Agent id").FillAsync(id);
        await form.GetByLabel("Password").FillAsync(password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitUntilReadyAsync();
    }

    /// After the page changed a filter: the figures of that filter are on screen.
    public async Task WaitUntilReadyAsync() => await Expect(Dashboard, "the dashboard with its figures").ToHaveAttributeAsync("data-state", "ready");

    public async Task SelectAsync(string filter, string value)
    {
        await Filters.Locator($"[name='{filter}']").SelectOptionAsync(value);
        await WaitUntilReadyAsync();
    }

    /// The numbers a chart draws, per dataset, read from Chart.js itself.
    public Task<double?[][]> ChartDataAsync(string canvasId)
        => Page.EvaluateAsync<double?[][]>("id => Chart.getChart(id).data.datasets.map(d => d.data)", canvasId);

    public Task<string[]> ChartLabelsAsync(string canvasId)
        => Page.EvaluateAsync<string[]>("id => Chart.getChart(id).data.labels.map(String)", canvasId);

    /// Clicks a table's CSV export and returns the downloaded file's text.
    public async Task<(string FileName, string Text)> ExportAsync(string tableId)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator($"#{tableId} button.export").ClickAsync());
        await using var stream = await download.CreateReadStreamAsync();
        using var reader = new StreamReader(stream);
        return (download.SuggestedFilename, await reader.ReadToEndAsync());
    }
}
