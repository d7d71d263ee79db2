using System.Diagnostics;

namespace SupportBot.Benchmarks.Load;

/// Microsoft's botbuilder-js as the reference: tests/conformance/echo-bot.mjs (CloudAdapter, anonymous auth)
/// in a node child process, using the conformance suite's pinned node_modules (installed with npm ci if missing).
internal sealed class EchoBotPeer : IAsyncDisposable
{
    private readonly Process _node;

    private EchoBotPeer(Process node, string url)
    {
        _node = node;
        MessagesUrl = url + "/api/messages";
    }

    public string MessagesUrl { get; }

    /// The node process, whose processor time counts with the load generator's.
    public Process Process => _node;

    /// Installs the pinned botbuilder (npm ci) when tests/conformance has none yet, as in a fresh clone.
    public static async Task EnsureInstalledAsync(Action<string> progress)
    {
        var conformance = Path.Combine(RepositoryRoot(), "tests", "conformance");
        if (!Directory.Exists(Path.Combine(conformance, "node_modules", "botbuilder")))
        {
            progress("peer: npm ci in tests/conformance");
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], conformance);
        }
    }

    public static async Task<EchoBotPeer> StartAsync(Action<string> progress)
    {
        await EnsureInstalledAsync(progress);
        var conformance = Path.Combine(RepositoryRoot(), "tests", "conformance");
        var start = new ProcessStartInfo("node", ["echo-bot.mjs"])
        {
            WorkingDirectory = conformance,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        node.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 })
            {
                Console.Error.WriteLine($"echo-bot: {e.Data}");
            }
        };
        node.BeginErrorReadLine();
        var line = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            node.Kill();
            throw new InvalidOperationException($"echo-bot.mjs did not start: {line}");
        }
        return new EchoBotPeer(node, line["listening ".Length..].Trim());
    }

    public static string Version()
    {
        var package = Path.Combine(RepositoryRoot(), "tests", "conformance", "node_modules", "botbuilder", "package.json");
        return File.Exists(package)
            ? System.Text.Json.JsonDocument.Parse(File.ReadAllText(package)).RootElement.GetProperty("version").GetString() ?? "?"
            : "?";
    }

    /// The folder holding SupportBot.sln, found upwards from the binaries.
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SupportBot.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("SupportBot.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task RunAsync(string command, string[] arguments, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { WorkingDirectory = directory })
            ?? throw new InvalidOperationException($"{command} did not start");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_node.HasExited)
        {
            _node.Kill();
            await _node.WaitForExitAsync();
        }
        _node.Dispose();
    }
}
