using Microsoft.Playwright;
using Xunit.Abstractions;

namespace SupportBot.BrowserTests;

/// What a failing browser test leaves behind: what the browser and the server reported, the transcript's text
/// and a screenshot.
internal static class FailureReport
{
    public static async Task WriteAsync(ITestOutputHelper output, ChatPage chat, BrowserProblems problems, ServerLog serverLog)
    {
        foreach (var problem in problems.All)
        {
            output.WriteLine(problem);
        }
        output.WriteLine("server log: " + serverLog.Describe());
        try
        {
            output.WriteLine("page: " + chat.Page.Url);
            output.WriteLine("transcript: " + await chat.Transcript.InnerTextAsync(new() { Timeout = 2_000 }));
            var path = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots", $"failure-{Guid.NewGuid():N}.png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await chat.Page.ScreenshotAsync(new() { Path = path, Timeout = 5_000 });
            output.WriteLine("failure screenshot: " + path);
        }
        catch (PlaywrightException ex)
        {
            output.WriteLine("could not capture the page: " + ex.Message);
        }
    }
}
