using System.Net;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace SupportBot.Benchmarks.Load;

/// The real host in this process on a real Kestrel socket (loopback, free port), with a throw-away SQLite
/// file and the sample knowledge base. In process rather than a child process so that the same run can read
/// the host's allocations and its store; the load still crosses a TCP socket, as a channel's would.
/// /api/messages runs unauthenticated (empty Bot:MicrosoftAppId, opened by Bot:AllowUnauthenticatedMessages), as
/// the botbuilder-js peer does.
internal sealed class InProcessSupportBot : WebApplicationFactory<Program>
{
    public const string DirectLineSecret = "load-direct-line-secret-0123456789abcdef";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supportbot-load", Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private InProcessSupportBot(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    public string BaseUrl { get; private set; } = string.Empty;

    public string DatabasePath => Path.Combine(_directory, "supportbot.db");

    /// The host without a socket, for benchmarks that call its services directly.
    public static InProcessSupportBot WithoutServer(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new InProcessSupportBot(settings ?? new Dictionary<string, string?>());
        _ = host.Services;
        return host;
    }

    public static InProcessSupportBot Start(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new InProcessSupportBot(settings ?? new Dictionary<string, string?>());
        host.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        host.BaseUrl = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return host;
    }

    /// What every instance under load runs with, in this process or another (Deployment).
    public static IReadOnlyDictionary<string, string> LoadSettings { get; } = new Dictionary<string, string>
    {
        ["DirectLine:Secret"] = DirectLineSecret,
        ["DirectLine:TokenSigningKey"] = "load-signing-key-with-enough-length-0123456789",
        // Production closes /api/messages without an app id; the load posts to it unauthenticated from loopback, and
        // its connector sink is on loopback too, the only place an open endpoint replies to.
        ["Bot:AllowUnauthenticatedMessages"] = "true",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel"] = "Error", // "Overriding address(es)": the port is ours
        ["Logging:LogLevel:SupportBot.Channels.BotFramework.BotMessagesRoutes"] = "Error",
        // Every simulated customer comes from 127.0.0.1: the per-client limits, meant for one person each, would
        // refuse the load itself.
        ["Limits:TokensPerClientPerMinute"] = "100000",
        ["Limits:ActivitiesPerConversationPerMinute"] = "100000",
        // The connector sink is not Teams: Teams' limit of 50 connector calls a second for the whole bot would cap
        // the /api/messages rows at it (the soak turns it off too).
        ["Bot:Connector:GlobalSendsPerSecond"] = "0",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        // The factory's default is Development (the developer exception page, DI scope checks on every request):
        // the figures are for the host as deployed.
        builder.UseEnvironment(Microsoft.Extensions.Hosting.Environments.Production);
        // The binaries carry what the host reads (appsettings.json, knowledge, prompts, wwwroot).
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseSetting("Storage:ConnectionString", $"Data Source={DatabasePath}");
        builder.UseSetting("Knowledge:Path", Path.Combine(AppContext.BaseDirectory, "knowledge"));
        foreach (var (key, value) in LoadSettings)
        {
            builder.UseSetting(key, value);
        }
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// What the touchpoint log says about the turns whose conversation ids start with the prefix: the answer
    /// pipeline's own time (LatencyMs) for each reply, and how many replies were answers from the knowledge base.
    public async Task<(List<double> LatencyMs, int Answers, int Replies)> ServerSideAsync(string conversationPrefix)
    {
        await using var connection = await Services.GetRequiredService<SupportBot.Storage.Database>().OpenAsync();
        var rows = (await connection.QueryAsync<(string Kind, double? Latency)>(
            "SELECT kind, latency_ms FROM touchpoints WHERE conversation_id LIKE @prefix AND latency_ms IS NOT NULL",
            new { prefix = conversationPrefix + "%" })).ToList();
        return ([.. rows.Select(r => r.Latency!.Value)], rows.Count(r => r.Kind == "bot_answer"), rows.Count);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder; a file still held for a moment is no reason to fail a run.
        }
    }
}
