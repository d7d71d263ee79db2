using System.Text.Json;
using Microsoft.Playwright;

namespace SupportBot.BrowserTests;

/// Runs axe-core (WCAG 2 A and AA rules) on what a page shows now, and fails with every violation's rule, impact
/// and the elements it found, so a page's accessibility is held as its behaviour is.
public static class Accessibility
{
    private static readonly Lazy<string> Script = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js")));

    public static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        if (await AdmitsNoInlineScriptAsync(page))
        {
            // A page whose policy admits no inline script (the articles) is checked as served, in a context of its own
            // that lets the test's script in; it needs no sign-in.
            await using var open = await page.Context.Browser!.NewContextAsync(new() { BypassCSP = true });
            var copy = await open.NewPageAsync();
            await copy.GotoAsync(page.Url);
            await CheckAsync(copy, what);
            return;
        }
        await CheckAsync(page, what);
    }

    private static async Task<bool> AdmitsNoInlineScriptAsync(IPage page)
    {
        var response = await page.Context.APIRequest.GetAsync(page.Url);
        return response.Headers.TryGetValue("content-security-policy", out var policy) && policy.Contains("default-src 'none'", StringComparison.Ordinal);
    }

    private static async Task CheckAsync(IPage page, string what)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new() { Content = Script.Value });
        }
        var result = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const results = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
              }));
            }
            """);
        var violations = result.EnumerateArray()
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()}\n    "
                + string.Join("\n    ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))
            .ToList();
        Assert.True(violations.Count == 0, $"{what} has {violations.Count} accessibility violation(s):\n  {string.Join("\n  ", violations)}");
    }
}
