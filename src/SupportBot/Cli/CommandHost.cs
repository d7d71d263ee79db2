using SupportBot.Hosting;

namespace SupportBot.Cli;

/// A command's run: the same host as `serve` (settings, services, validation), built but not started, its log quiet
/// because the command prints its own progress.
internal static class CommandHost
{
    private static readonly Dictionary<string, string?> QuietLog = new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
    };

    public static async Task<int> RunAsync(
        string[] hostArgs, Func<IServiceProvider, Task<int>> run, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var overrides = new Dictionary<string, string?>(QuietLog);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }
        await using var app = SupportBotHost.CreateBuilder(hostArgs, overrides).Build();
        return await run(app.Services);
    }
}
