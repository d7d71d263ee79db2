using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SupportBot.BrowserTests;

/// The real host, served by Kestrel on a free loopback port so that a real browser can reach it, with a fresh
/// SQLite store in a temporary folder and the sample knowledge base.
public sealed class SupportBotServer : WebApplicationFactory<Program>
{
    /// The supervisor seeded from Agents:Admin, for signing in to the agent console.
    public const string AdminId = "lead";
    public const string AdminName = "Lena Lead";
    public const string AdminPassword = "browser-test-password";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("supportbot-browser-").FullName;

    public SupportBotServer()
    {
        // Port 0: the operating system picks a free port; the address is read back once the server runs.
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// What the host logged, for failure reports and for the "no server errors" check.
    public ServerLog Log { get; } = new();

    public Uri RootUri { get; private set; } = new("http://127.0.0.1/");

    public string KnowledgePath { get; } = FindKnowledgeFolder();

    /// Settings on top of the test defaults (the Llm section, say); they apply when the server starts.
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        RootUri = new Uri(addresses.Single());
    }

    public Uri Url(string path) => new(RootUri, path);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // What "dotnet run" gives a person: no launch profile, so the Production environment.
        builder.UseEnvironment("Production");
        var overrides = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_dataDirectory, "supportbot.db")}",
            ["Knowledge:Path"] = KnowledgePath,
            ["Knowledge:IngestOnStart"] = "true",
            ["Agents:Admin:Id"] = AdminId,
            ["Agents:Admin:Name"] = AdminName,
            ["Agents:Admin:Password"] = AdminPassword,
            // Its start-up warning (no Web:PublicBaseUrl here) would land among the warnings the LLM tests count.
            ["Doctor:AtStart"] = "false",
        };
        foreach (var (key, value) in Settings)
        {
            overrides[key] = value;
        }
        // The product's settings come from the appsettings.json the host links beside its binaries, as with "dotnet run".
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(overrides));
        // The host's log goes to the test's failure report instead of the console, which stays readable in CI.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Log));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DeleteDataDirectory();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDataDirectory();
    }

    private void DeleteDataDirectory()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the folder is under the temp directory anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// The host copies knowledge/** beside its binaries and that copy flows into this project's output; the
    /// repository's own folder is the fallback (found by walking up to SupportBot.sln).
    private static string FindKnowledgeFolder()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "knowledge");
        if (File.Exists(Path.Combine(beside, "billing", "refund-timing.md")))
        {
            return beside;
        }
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SupportBot.sln")))
            {
                return Path.Combine(folder.FullName, "knowledge");
            }
        }
        throw new DirectoryNotFoundException($"No knowledge folder beside {AppContext.BaseDirectory} or in a parent folder holding SupportBot.sln.");
    }
}
