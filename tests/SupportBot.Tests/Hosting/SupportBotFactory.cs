using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace SupportBot.Tests.Hosting;

/// The real host in process, on a fresh store (SQLite, or PostgreSQL when the suite runs on it: see TestStore) and
/// the sample knowledge base copied beside the tests, with a clock the tests can move.
public sealed class SupportBotFactory : WebApplicationFactory<Program>
{
    private TestStore? _ownStore;

    /// Hosts given the same store share its data, as a restarted host does; the caller then disposes the store.
    public TestStore Store { get => field ??= _ownStore = new TestStore(); init; }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public string? KnowledgePath { get; init; }

    /// Off for tests whose HTTP resilience pipelines (retry delays, timeouts) must run on real time.
    public bool UseFakeClock { get; init; } = true;

    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// Services a test adds to the host (an in-memory telemetry exporter).
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Provider", Store.Provider);
        builder.UseSetting("Storage:ConnectionString", Store.ConnectionString);
        builder.UseSetting("Knowledge:Path", KnowledgePath ?? Path.Combine(AppContext.BaseDirectory, "knowledge"));
        builder.UseSetting("DirectLine:TokenSigningKey", "test-signing-key-with-enough-length-0123456789");
        builder.UseSetting("DirectLine:Secret", TestSecret);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Its token request and probes would land in the fakes' request logs; DoctorTests turn it on.
        builder.UseSetting("Doctor:AtStart", "false");
        // A Teams customer's first message looks them up in the roster off the turn: that GET would land, at no set
        // moment, among the calls other tests count. TeamsMemberLookupTests turn it on.
        builder.UseSetting("TeamsMembers:Enabled", "false");
        if (UseFakeClock)
        {
            // A frozen clock would hold a conversation's eighth send in a second forever; ConversationPacingTests
            // and the real-clock Teams tests cover pacing.
            builder.UseSetting("Bot:Connector:PaceConversations", "false");
            // Likewise the bot's eleventh call in a second (BotSendBudgetTests cover the global budget).
            builder.UseSetting("Bot:Connector:GlobalSendsPerSecond", "0");
        }
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        if (TestServices is not null)
        {
            builder.ConfigureServices(TestServices);
        }
        if (UseFakeClock)
        {
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        }
    }

    public const string TestSecret = "test-direct-line-secret-0123456789abcdef";

    /// LLM mode against a fake OpenAI-compatible server, with fast retries and a breaker no test's faults open.
    public SupportBotFactory WithModel(string endpoint)
    {
        Settings["Llm:Endpoint"] = endpoint;
        Settings["Llm:ApiKey"] = SupportBot.FakeOpenAi.FakeOpenAiServer.ApiKey;
        Settings["Llm:ChatModel"] = "test-chat";
        Settings["Llm:RetryBaseDelaySeconds"] = "0.01";
        Settings["Llm:CircuitMinimumThroughput"] = "1000";
        return this;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _ownStore?.Dispose();
    }
}
