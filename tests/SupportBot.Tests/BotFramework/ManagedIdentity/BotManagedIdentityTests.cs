using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Connector;
using SupportBot.BotFramework.Schema;
using SupportBot.Tests.Channels.BotFramework;

namespace SupportBot.Tests.BotFramework.ManagedIdentity;

/// The bot's own token with Bot:MicrosoftAppType=UserAssignedMSI, end to end: the environment (read from the host's
/// configuration, as Azure sets it) picks the source, the token reaches the channel, and it is reused until five
/// minutes before it expires.
public sealed class BotManagedIdentityTests : IAsyncLifetime, IDisposable
{
    private const string AppId = "6a3b2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c1d";
    private readonly string _tokenFile = Path.Combine(Path.GetTempPath(), $"bot-federated-token-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private FakeAzureIdentity _identity = null!;
    private FakeConnectorChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _identity = await FakeAzureIdentity.StartAsync();
        _channel = await FakeConnectorChannel.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _identity.DisposeAsync();
    }

    public void Dispose() => File.Delete(_tokenFile);

    private ServiceProvider Services(Dictionary<string, string?> environment, Action<BotFrameworkOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(environment).Build());
        services.AddBotFrameworkConnector();
        services.Configure<BotFrameworkOptions>(o =>
        {
            o.MicrosoftAppId = AppId;
            o.MicrosoftAppType = BotAppType.UserAssignedMSI;
            o.MicrosoftAppTenantId = FakeAzureIdentity.Tenant;
            o.ManagedIdentityEndpoint = _identity.ImdsEndpoint;
            o.TrustedServiceUrlHosts = ["127.0.0.1"];
            o.AllowHttpOnLoopback = true;
            configure?.Invoke(o);
        });
        // The clock is frozen between steps: pacing would hold a conversation's sends for it.
        services.Configure<ConnectorResilienceOptions>(o => o.PaceConversations = false);
        return services.BuildServiceProvider();
    }

    private Dictionary<string, string?> AppService => new()
    {
        ["IDENTITY_ENDPOINT"] = _identity.AppServiceEndpoint,
        ["IDENTITY_HEADER"] = FakeAzureIdentity.IdentityHeader,
    };

    private Activity Reply() => new()
    {
        Type = ActivityTypes.Message,
        ServiceUrl = _channel.ServiceUrl,
        Conversation = new ConversationAccount { Id = "a:1" },
        Text = "hello",
    };

    [Fact]
    public async Task On_App_Service_the_channel_gets_the_identity_endpoints_token_reused_until_shortly_before_expiry()
    {
        using var services = Services(AppService);
        var connector = services.GetRequiredService<ConnectorClient>();

        await connector.SendAsync(Reply(), CancellationToken.None);
        await connector.SendAsync(Reply(), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(54));
        await connector.SendAsync(Reply(), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(2));
        await connector.SendAsync(Reply(), CancellationToken.None);

        var issued = _identity.Issued.ToArray();
        Assert.Equal(2, issued.Length);
        Assert.All(_identity.Requests, r => Assert.Equal(("AppService", AppId), (r.Source, r.Query["client_id"])));
        Assert.Equal(
            [$"Bearer {issued[0]}", $"Bearer {issued[0]}", $"Bearer {issued[0]}", $"Bearer {issued[1]}"],
            _channel.Delivered.Select(c => c.Authorization));
        Assert.Equal("https://api.botframework.com", FakeAzureIdentity.Read(issued[1]).Audiences.Single());
    }

    [Fact]
    public async Task On_AKS_workload_identity_exchanges_the_projected_token_for_the_bots_app_id()
    {
        await File.WriteAllTextAsync(_tokenFile, "projected-sa-token");
        _identity.AcceptedAssertion = "projected-sa-token";
        using var services = Services(new()
        {
            ["AZURE_FEDERATED_TOKEN_FILE"] = _tokenFile,
            ["AZURE_CLIENT_ID"] = AppId,
            ["AZURE_TENANT_ID"] = FakeAzureIdentity.Tenant,
            ["AZURE_AUTHORITY_HOST"] = _identity.AuthorityHost,
        });

        await services.GetRequiredService<ConnectorClient>().SendAsync(Reply(), CancellationToken.None);

        var request = Assert.Single(_identity.Requests);
        Assert.Equal(("Entra", AppId, "projected-sa-token"), (request.Source, request.Form["client_id"], request.Form["client_assertion"]));
        Assert.Equal("https://api.botframework.com/.default", request.Form["scope"]);
        Assert.Equal($"Bearer {Assert.Single(_identity.Issued)}", Assert.Single(_channel.Delivered).Authorization);
    }

    [Fact]
    public async Task A_forced_source_wins_over_the_environment()
    {
        using var services = Services(AppService, o => o.ManagedIdentitySource = SupportBot.BotFramework.ManagedIdentity.ManagedIdentitySource.Imds);

        await services.GetRequiredService<ConnectorClient>().SendAsync(Reply(), CancellationToken.None);

        Assert.Equal("Imds", Assert.Single(_identity.Requests).Source);
        Assert.Single(_channel.Delivered);
    }

    [Fact]
    public async Task A_refused_identity_fails_the_send_naming_the_source_and_the_reason_and_nothing_reaches_the_channel()
    {
        using var services = Services(new() { ["IDENTITY_ENDPOINT"] = _identity.AppServiceEndpoint, ["IDENTITY_HEADER"] = "rotated" });

        var error = await Assert.ThrowsAsync<ConnectorException>(() => services.GetRequiredService<ConnectorClient>().SendAsync(Reply(), CancellationToken.None));

        Assert.Contains("managed identity (AppService)", error.Message, StringComparison.Ordinal);
        Assert.Contains("X-IDENTITY-HEADER is missing or wrong", error.Message, StringComparison.Ordinal);
        Assert.Empty(_channel.Calls);
    }
}
