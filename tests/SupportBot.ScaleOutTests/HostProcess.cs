using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace SupportBot.ScaleOutTests;

/// One SupportBot instance as its own process (`dotnet SupportBot.dll`) on a free loopback port, started with
/// command-line settings and stopped (or killed) with the test.
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _workingDirectory;

    private HostProcess(Process process, Uri address, string workingDirectory)
    {
        _process = process;
        BaseAddress = address;
        _workingDirectory = workingDirectory;
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; private set; } = null!;

    /// What the process printed, for a failure's message.
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// Several instances of one deployment: one PostgreSQL schema, one Redis, one token signing key. The first
    /// migrates and ingests the knowledge base; the others start together and find the store ready.
    /// The suite's PostgreSQL server (tests/services.sh starts it and sets the variable).
    public static string SuitePostgres() => Environment.GetEnvironmentVariable("SUPPORTBOT_TEST_POSTGRES")
        ?? throw new InvalidOperationException("Set SUPPORTBOT_TEST_POSTGRES (tests/run.sh starts PostgreSQL: source tests/services.sh && start_postgres).");

    /// Settings giving the agent Dewi an API key, for tests that work the queue through the agent API.
    public static Dictionary<string, string> AgentSettings(string apiKey) => new()
    {
        ["Agents:ApiKeys:0:Key"] = apiKey,
        ["Agents:ApiKeys:0:Agent"] = "dewi",
        ["Agents:ApiKeys:0:Name"] = "Dewi",
        ["Agents:ApiKeys:0:Role"] = "agent",
    };

    public static async Task<IReadOnlyList<HostProcess>> StartSeveralAsync(
        int count, string postgres, string redis, IReadOnlyDictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>(extra)
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = postgres,
            ["Redis:ConnectionString"] = redis,
            ["DirectLine:TokenSigningKey"] = "scale-out-signing-key-shared-by-every-instance",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var first = await StartAsync(settings);
        settings["Knowledge:IngestOnStart"] = "false";
        return [first, .. await Task.WhenAll(Enumerable.Range(1, count - 1).Select(_ => StartAsync(settings)))];
    }

    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        // A free port can be taken by someone else between finding it and the instance binding it (instances start
        // side by side, and outgoing connections take ephemeral ports): then another port.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(settings);
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    private static async Task<HostProcess> StartOnceAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        // Its own working directory: data/ (uploads, keys) is per instance, as on separate machines.
        var workingDirectory = Directory.CreateTempSubdirectory("supportbot-scaleout-").FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(HostDll());
        info.ArgumentList.Add($"--Urls={address.GetLeftPart(UriPartial.Authority)}");
        // The instances run as Production, where /api/messages without an app id is closed unless opened: the tests
        // post to it as an unauthenticated channel (the Emulator) would, with their connector sinks on loopback.
        info.ArgumentList.Add("--Bot:AllowUnauthenticatedMessages=true");
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var host = new HostProcess(process, address, workingDirectory);
        process.OutputDataReceived += (_, e) => host.Record(e.Data);
        process.ErrorDataReceived += (_, e) => host.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        host.Http = new HttpClient { BaseAddress = address };
        await host.WaitUntilReadyAsync();
        return host;
    }

    public bool HasExited => _process.HasExited;

    /// Ends the process at once, as a crash or a lost machine would: nothing is flushed or handed over.
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The instance exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await Http.GetAsync(new Uri("/readyz", UriKind.Relative), patience.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (patience.IsCancellationRequested)
            {
                throw new TimeoutException($"The instance at {BaseAddress} was not ready within 60 s:\n{Output}");
            }
            await Task.Delay(100, patience.Token);
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    // The host built beside this project, in the same configuration: src/SupportBot/bin/<configuration>/net10.0.
    private static string HostDll()
    {
        var configuration = typeof(HostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SupportBot.sln")))
        {
            directory = directory.Parent;
        }
        if (directory is null)
        {
            throw new InvalidOperationException("SupportBot.sln not found above " + AppContext.BaseDirectory);
        }
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        return Path.Combine(directory.FullName, "src", "SupportBot", "bin", configuration, framework, "SupportBot.dll");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary folder is cleaned with the others.
        }
    }
}
