using Microsoft.Playwright;

namespace SupportBot.BrowserTests;

/// Screenshots kept as artifacts of the run: under the test output's TestResults/screenshots, and copied to
/// SUPPORTBOT_SCREENSHOT_DIR when it is set (tests/run.sh sets it).
public static class Screenshots
{
    public static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots", fileName);

    public static async Task SaveAsync(IPage page, string fileName)
    {
        var path = PathOf(fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path });
        if (Environment.GetEnvironmentVariable("SUPPORTBOT_SCREENSHOT_DIR") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.Copy(path, Path.Combine(folder, fileName), overwrite: true);
        }
    }
}
