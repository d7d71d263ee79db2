using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using SupportBot.BotFramework.ManagedIdentity;

namespace SupportBot.Tests.BotFramework.ManagedIdentity;

/// Each managed identity source against a faithful fake of its endpoint: what is asked (method, path, query, headers,
/// form fields), how the answer's expiry is read, which source the environment picks, and what a failure says.
public sealed class ManagedIdentityCredentialTests : IAsyncLifetime, IDisposable
{
    private const string ClientId = "3f0e6a51-1c2b-4d8e-9f7a-6b5c4d3e2f10";
    private const string BotScope = "https://api.botframework.com/.default";
    private readonly HttpClient _http = new();
    private readonly string _tokenFile = Path.Combine(Path.GetTempPath(), $"azure-identity-token-{Guid.NewGuid():N}");
    private FakeAzureIdentity _identity = null!;

    public async Task InitializeAsync() => _identity = await FakeAzureIdentity.StartAsync();

    public async Task DisposeAsync() => await _identity.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        File.Delete(_tokenFile);
    }

    private ManagedIdentityEnvironment AppServiceEnvironment => ManagedIdentityEnvironment.None with
    {
        IdentityEndpoint = _identity.AppServiceEndpoint,
        IdentityHeader = FakeAzureIdentity.IdentityHeader,
    };

    private ManagedIdentityEnvironment WorkloadEnvironment => ManagedIdentityEnvironment.None with
    {
        FederatedTokenFile = _tokenFile,
        ClientId = ClientId,
        TenantId = FakeAzureIdentity.Tenant,
        AuthorityHost = _identity.AuthorityHost,
    };

    private ManagedIdentityCredential Credential(ManagedIdentityEnvironment environment, ManagedIdentitySource source = ManagedIdentitySource.Auto, string? clientId = ClientId, TimeProvider? time = null)
        => new(_http, new ManagedIdentityCredential.Settings(source, environment, clientId, ImdsEndpoint: _identity.ImdsEndpoint), time ?? TimeProvider.System);

    [Fact]
    public async Task App_Service_asks_its_identity_endpoint_with_the_header_and_reads_expires_on_as_epoch_seconds()
    {
        var credential = Credential(AppServiceEnvironment);
        var before = DateTimeOffset.UtcNow;

        var token = await credential.GetTokenAsync(BotScope, CancellationToken.None);

        Assert.Equal(ManagedIdentitySource.AppService, credential.Source);
        var request = Assert.Single(_identity.Requests);
        Assert.Equal(("AppService", "GET", "/msi/token"), (request.Source, request.Method, request.Path));
        Assert.Equal("2019-08-01", request.Query["api-version"]);
        Assert.Equal("https://api.botframework.com", request.Query["resource"]);
        Assert.Equal(ClientId, request.Query["client_id"]);
        Assert.Equal(FakeAzureIdentity.IdentityHeader, request.Headers["X-IDENTITY-HEADER"]);
        Assert.Equal(Assert.Single(_identity.Issued), token.Value);
        Assert.Equal("https://api.botframework.com", FakeAzureIdentity.Read(token.Value).Audiences.Single());
        // expires_on is whole seconds: the expiry lands within a second of an hour from the request.
        Assert.InRange(token.ExpiresOn, before.AddSeconds(3599), DateTimeOffset.UtcNow.AddSeconds(3601));
    }

    [Fact]
    public async Task A_system_assigned_identity_sends_no_client_id()
    {
        await Credential(AppServiceEnvironment, clientId: null).GetTokenAsync("https://cognitiveservices.azure.com/.default", CancellationToken.None);

        var request = Assert.Single(_identity.Requests);
        Assert.False(request.Query.ContainsKey("client_id"));
        Assert.Equal("https://cognitiveservices.azure.com", request.Query["resource"]);
    }

    [Fact]
    public async Task Workload_identity_sends_the_federated_token_as_a_client_assertion_and_rereads_it_as_it_rotates()
    {
        await File.WriteAllTextAsync(_tokenFile, "projected-token-1\n");
        _identity.AcceptedAssertion = "projected-token-1";
        var credential = Credential(WorkloadEnvironment, clientId: null);

        var first = await credential.GetTokenAsync(BotScope, CancellationToken.None);
        await File.WriteAllTextAsync(_tokenFile, "projected-token-2");
        _identity.AcceptedAssertion = "projected-token-2";
        var second = await credential.GetTokenAsync(BotScope, CancellationToken.None);

        Assert.Equal(ManagedIdentitySource.WorkloadIdentity, credential.Source);
        Assert.NotEqual(first.Value, second.Value);
        var requests = _identity.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r =>
        {
            Assert.Equal(("Entra", "POST", $"/{FakeAzureIdentity.Tenant}/oauth2/v2.0/token"), (r.Source, r.Method, r.Path));
            Assert.Equal("client_credentials", r.Form["grant_type"]);
            Assert.Equal(ClientId, r.Form["client_id"]);
            Assert.Equal(BotScope, r.Form["scope"]);
            Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", r.Form["client_assertion_type"]);
            Assert.False(r.Form.ContainsKey("client_secret"));
        });
        Assert.Equal(["projected-token-1", "projected-token-2"], requests.Select(r => r.Form["client_assertion"]));
        Assert.Equal(ClientId, FakeAzureIdentity.Read(second.Value).GetClaim("appid").Value);
    }

    [Fact]
    public async Task The_metadata_endpoint_is_asked_with_the_metadata_header_and_its_string_values_are_read()
    {
        _identity.TokenLifetimeSeconds = 600;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var credential = Credential(ManagedIdentityEnvironment.None, time: clock);

        var token = await credential.GetTokenAsync(BotScope, CancellationToken.None);

        Assert.Equal(ManagedIdentitySource.Imds, credential.Source);
        var request = Assert.Single(_identity.Requests);
        Assert.Equal(("Imds", "GET", "/metadata/identity/oauth2/token"), (request.Source, request.Method, request.Path));
        Assert.Equal("true", request.Headers["Metadata"]);
        Assert.Equal("2018-02-01", request.Query["api-version"]);
        Assert.Equal("https://api.botframework.com", request.Query["resource"]);
        Assert.Equal(ClientId, request.Query["client_id"]);
        // expires_on is whole seconds from when the endpoint answered, which a loaded machine may have done seconds ago.
        Assert.InRange(token.ExpiresOn, DateTimeOffset.UtcNow.AddSeconds(570), DateTimeOffset.UtcNow.AddSeconds(602));
    }

    [Fact]
    public void The_environment_picks_the_source_and_a_setting_overrides_it()
    {
        Assert.Equal(ManagedIdentitySource.AppService, Credential(AppServiceEnvironment with { FederatedTokenFile = _tokenFile }).Source);
        Assert.Equal(ManagedIdentitySource.WorkloadIdentity, Credential(WorkloadEnvironment).Source);
        Assert.Equal(ManagedIdentitySource.Imds, Credential(ManagedIdentityEnvironment.None).Source);
        // IDENTITY_ENDPOINT without its header is no App Service.
        Assert.Equal(ManagedIdentitySource.Imds, Credential(ManagedIdentityEnvironment.None with { IdentityEndpoint = _identity.AppServiceEndpoint }).Source);
        Assert.Equal(ManagedIdentitySource.Imds, Credential(AppServiceEnvironment, ManagedIdentitySource.Imds).Source);
    }

    [Fact]
    public async Task The_environment_is_read_from_configuration_under_azures_own_names()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IDENTITY_ENDPOINT"] = _identity.AppServiceEndpoint,
            ["IDENTITY_HEADER"] = FakeAzureIdentity.IdentityHeader,
            ["AZURE_CLIENT_ID"] = ClientId,
        }).Build();

        var environment = ManagedIdentityEnvironment.From(configuration);
        await Credential(environment, clientId: null).GetTokenAsync(BotScope, CancellationToken.None);

        Assert.Equal(ManagedIdentitySource.AppService, environment.Detected);
        Assert.Equal(ClientId, Assert.Single(_identity.Requests).Query["client_id"]);
    }

    [Fact]
    public async Task The_endpoints_refusal_is_reported_with_its_own_words_and_what_to_check()
    {
        var wrongHeader = AppServiceEnvironment with { IdentityHeader = "stale" };

        var error = await Assert.ThrowsAsync<ManagedIdentityException>(() => Credential(wrongHeader).GetTokenAsync(BotScope, CancellationToken.None));

        Assert.Contains("App Service / Container Apps identity endpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("answered 401", error.Message, StringComparison.Ordinal);
        Assert.Contains("X-IDENTITY-HEADER is missing or wrong", error.Message, StringComparison.Ordinal);
        Assert.Contains($"client id {ClientId}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entra_refusing_the_federated_token_is_reported_with_its_error_description()
    {
        await File.WriteAllTextAsync(_tokenFile, "projected-token-1");
        _identity.AcceptedAssertion = "another-token";

        var error = await Assert.ThrowsAsync<ManagedIdentityException>(() => Credential(WorkloadEnvironment).GetTokenAsync(BotScope, CancellationToken.None));

        Assert.Contains("AADSTS700213", error.Message, StringComparison.Ordinal);
        Assert.Contains("federated credential", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forced_source_the_host_lacks_says_which_variables_are_missing_and_asks_nothing()
    {
        var appService = await Assert.ThrowsAsync<ManagedIdentityException>(
            () => Credential(ManagedIdentityEnvironment.None, ManagedIdentitySource.AppService).GetTokenAsync(BotScope, CancellationToken.None));
        var workload = await Assert.ThrowsAsync<ManagedIdentityException>(
            () => Credential(ManagedIdentityEnvironment.None, ManagedIdentitySource.WorkloadIdentity).GetTokenAsync(BotScope, CancellationToken.None));
        var unreadable = await Assert.ThrowsAsync<ManagedIdentityException>(
            () => Credential(WorkloadEnvironment).GetTokenAsync(BotScope, CancellationToken.None));

        Assert.Contains("IDENTITY_ENDPOINT and IDENTITY_HEADER", appService.Message, StringComparison.Ordinal);
        Assert.Contains("AZURE_FEDERATED_TOKEN_FILE", workload.Message, StringComparison.Ordinal);
        Assert.Contains(_tokenFile, unreadable.Message, StringComparison.Ordinal);
        Assert.Empty(_identity.Requests);
    }

    [Fact]
    public async Task An_unreachable_metadata_endpoint_says_so_and_how_to_choose_another_source()
    {
        var closed = new ManagedIdentityCredential(_http, new ManagedIdentityCredential.Settings(
            ManagedIdentitySource.Auto, ManagedIdentityEnvironment.None, ClientId, ImdsEndpoint: "http://127.0.0.1:9/metadata/identity/oauth2/token"), TimeProvider.System);

        var error = await Assert.ThrowsAsync<ManagedIdentityException>(() => closed.GetTokenAsync(BotScope, CancellationToken.None));

        Assert.Contains("VM metadata endpoint (IMDS) at http://127.0.0.1:9/metadata/identity/oauth2/token could not be reached", error.Message, StringComparison.Ordinal);
        Assert.Contains("IDENTITY_ENDPOINT or AZURE_FEDERATED_TOKEN_FILE", error.Message, StringComparison.Ordinal);
    }
}
