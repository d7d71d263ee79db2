using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Connector;
using SupportBot.BotFramework.ManagedIdentity;
using SupportBot.BotFramework.Schema;
using SupportBot.Tests.Channels.BotFramework;

namespace SupportBot.Tests.BotFramework.Connector;

/// The connector client against a faithful fake channel: paths, headers, tokens and the resilience pipeline.
public sealed class ConnectorClientTests : IAsyncLifetime
{
    private const string AppId = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
    private FakeConnectorChannel _channel = null!;

    public async Task InitializeAsync() => _channel = await FakeConnectorChannel.StartAsync();

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    private ServiceProvider Services(Action<BotFrameworkOptions>? configure = null, Action<ConnectorResilienceOptions>? resilience = null, HttpMessageHandler? network = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddBotFrameworkConnector();
        if (network is not null)
        {
            services.AddHttpClient<ConnectorClient>().ConfigurePrimaryHttpMessageHandler(() => network);
        }
        services.Configure<BotFrameworkOptions>(o =>
        {
            o.ToChannelFromBotLoginUrlPrefix = _channel.ServiceUrl;
            o.ManagedIdentityEndpoint = _channel.ServiceUrl + "msi/token";
            o.TrustedServiceUrlHosts = ["127.0.0.1"];
            // The fake channel is plain http on loopback, as Development allows.
            o.AllowHttpOnLoopback = true;
            configure?.Invoke(o);
        });
        services.Configure<ConnectorResilienceOptions>(o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            // Long enough that a busy machine never times out an attempt the fake channel answers at once: an
            // abandoned attempt is retried, and the tests count the calls. The test of a slow answer sets its own.
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
            resilience?.Invoke(o);
        });
        return services.BuildServiceProvider();
    }

    private Activity Reply(string conversationId = "a:1|x;messageid=2", string? replyToId = "f:3@x") => new()
    {
        Type = ActivityTypes.Message,
        ServiceUrl = _channel.ServiceUrl,
        ChannelId = "msteams",
        Conversation = new ConversationAccount { Id = conversationId },
        ReplyToId = replyToId,
        Text = "hello",
    };

    [Fact]
    public async Task A_reply_posts_to_the_encoded_activity_path_with_the_conversation_header()
    {
        using var services = Services();
        var result = await services.GetRequiredService<ConnectorClient>().SendAsync(Reply(), CancellationToken.None);

        var call = Assert.Single(_channel.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/v3/conversations/a%3A1%7Cx%3Bmessageid%3D2/activities/f%3A3%40x", call.RawTarget);
        Assert.Equal("a:1|x;messageid=2", call.ConversationHeader);
        Assert.Equal("hello", call.Activity!.Text);
        Assert.NotNull(result!.Id);
        Assert.Null(call.Authorization);
    }

    // tests/conformance/teams-info.test.mjs holds botbuilder's TeamsInfo to the same rows.
    [Fact]
    public async Task Roster_calls_are_what_botbuilders_TeamsInfo_sends()
    {
        using var expected = JsonDocument.Parse(Fixture.Read("teamsinfo-requests"));
        var root = expected.RootElement;
        var conversation = root.GetProperty("conversationId").GetString()!;
        var user = root.GetProperty("userId").GetString()!;
        using var services = Services();
        var client = services.GetRequiredService<ConnectorClient>();

        var member = await client.GetConversationMemberAsync(_channel.ServiceUrl, conversation, user, CancellationToken.None);
        await client.GetConversationPagedMembersAsync(_channel.ServiceUrl, conversation, root.GetProperty("pageSize").GetInt32(), root.GetProperty("continuationToken").GetString(), CancellationToken.None);
        await client.GetConversationMembersAsync(_channel.ServiceUrl, conversation, CancellationToken.None);

        Assert.Equal(
            root.GetProperty("requests").EnumerateArray().Select(r => $"{r.GetProperty("method").GetString()} {r.GetProperty("path").GetString()}").ToArray(),
            _channel.Calls.Select(c => $"{c.Method} {c.RawTarget}").ToArray());
        Assert.Equal("Megan Bowen", member!.Name);
        Assert.Equal("meganb@contoso.com", member.ExtensionData!["userPrincipalName"].GetString());
    }

    [Fact]
    public async Task Every_connector_operation_uses_its_method_and_path()
    {
        using var services = Services();
        var client = services.GetRequiredService<ConnectorClient>();
        var url = _channel.ServiceUrl.TrimEnd('/'); // without the trailing slash too

        await client.SendAsync(Reply(replyToId: null), CancellationToken.None);
        await client.UpdateActivityAsync(url, "c1", "m1", Reply() with { Id = "m1" }, CancellationToken.None);
        await client.DeleteActivityAsync(url, "c1", "m1", CancellationToken.None);
        var created = await client.CreateConversationAsync(url, new ConversationParameters { IsGroup = false, Members = [new ChannelAccount { Id = "29:u" }] }, CancellationToken.None);
        var members = await client.GetConversationMembersAsync(url, "c1", CancellationToken.None);
        var paged = await client.GetConversationPagedMembersAsync(url, "c1", 50, "tok en", CancellationToken.None);

        Assert.Equal(
            [
                "POST /v3/conversations/a%3A1%7Cx%3Bmessageid%3D2/activities",
                "PUT /v3/conversations/c1/activities/m1",
                "DELETE /v3/conversations/c1/activities/m1",
                "POST /v3/conversations",
                "GET /v3/conversations/c1/members",
                "GET /v3/conversations/c1/pagedmembers?pageSize=50&continuationToken=tok%20en",
            ],
            _channel.Calls.Select(c => $"{c.Method} {c.RawTarget}").ToArray());
        Assert.Equal("a:new-conversation", created.Id);
        Assert.Equal(2, members.Count);
        Assert.Equal("next", paged.ContinuationToken);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_retried_and_the_reply_arrives_once()
    {
        using var services = Services();
        _channel.Fail(new FakeConnectorChannel.Fault(429, RetryAfter: TimeSpan.FromSeconds(1)));
        await services.GetRequiredService<ConnectorClient>().SendAsync(Reply(), CancellationToken.None);

        Assert.Equal([429, 200], _channel.Calls.Select(c => c.Status).ToArray());
        Assert.Single(_channel.Delivered);
    }

    [Fact]
    public async Task Server_errors_and_a_slow_answer_are_retried_until_the_reply_arrives_once()
    {
        // An attempt timeout well above a loopback answer even on a busy machine (0.5 s timed out a healthy
        // attempt under a parallel build), and a slow answer far beyond it.
        using var services = Services(resilience: o => o.AttemptTimeout = TimeSpan.FromSeconds(2));
        _channel.Fail(new(500), new(503), new(200, Delay: TimeSpan.FromSeconds(8)));
        await services.GetRequiredService<ConnectorClient>().SendAsync(Reply(), CancellationToken.None);

        // The slow attempt timed out on the bot's side and was abandoned; the next attempt delivered the reply.
        Assert.Equal(2, _channel.Calls.Count(c => c.Status >= 500));
        Assert.Single(_channel.Delivered);
    }

    [Fact]
    public async Task A_failing_region_does_not_open_the_circuit_for_the_other_regions()
    {
        await using var healthy = await FakeConnectorChannel.StartAsync();
        using var services = Services(resilience: Breaker);
        var connector = services.GetRequiredService<ConnectorClient>();
        _channel.Down = true;
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => connector.SendAsync(Reply(), CancellationToken.None));
        }
        await Assert.ThrowsAsync<Polly.CircuitBreaker.BrokenCircuitException>(() => connector.SendAsync(Reply(), CancellationToken.None));

        await connector.SendAsync(Reply() with { ServiceUrl = healthy.ServiceUrl }, CancellationToken.None);

        Assert.Single(healthy.Delivered);
    }

    [Fact]
    public async Task One_throttled_conversation_opens_no_circuit_for_the_others()
    {
        using var services = Services(resilience: Breaker);
        var connector = services.GetRequiredService<ConnectorClient>();
        _channel.Fail(new(429, RetryAfter: TimeSpan.Zero), new(429, RetryAfter: TimeSpan.Zero), new(429, RetryAfter: TimeSpan.Zero));
        for (var i = 0; i < 3; i++)
        {
            var throttled = await Assert.ThrowsAsync<ConnectorException>(() => connector.SendAsync(Reply("a:busy"), CancellationToken.None));
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        }

        await connector.SendAsync(Reply("a:quiet"), CancellationToken.None);

        Assert.Single(_channel.Delivered);
    }

    // No retries, and a breaker that opens after two failures of three.
    private static void Breaker(ConnectorResilienceOptions o)
    {
        o.MaxRetryAttempts = 0;
        o.CircuitMinimumThroughput = 2;
        o.CircuitFailureRatio = 0.5;
        o.CircuitBreakDuration = TimeSpan.FromMinutes(5);
    }

    [Fact]
    public async Task A_permanent_refusal_is_not_retried_and_says_why()
    {
        using var services = Services();
        _channel.Fail(new FakeConnectorChannel.Fault(403, ErrorCode: "BotNotInConversationRoster"));
        var error = await Assert.ThrowsAsync<ConnectorException>(() => services.GetRequiredService<ConnectorClient>().SendAsync(Reply(), CancellationToken.None));

        Assert.True(error.IsPermanent);
        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Equal("BotNotInConversationRoster", error.Error!.Error!.Code);
        Assert.Single(_channel.Calls);
    }

    [Fact]
    public async Task With_a_client_secret_one_token_serves_many_calls_and_a_401_fetches_a_fresh_one()
    {
        using var services = Services(o =>
        {
            o.MicrosoftAppId = AppId;
            o.MicrosoftAppPassword = "s3cret";
            o.MicrosoftAppType = BotAppType.SingleTenant;
            o.MicrosoftAppTenantId = "tenant-1";
        });
        var client = services.GetRequiredService<ConnectorClient>();
        await client.SendAsync(Reply(), CancellationToken.None);
        await client.SendAsync(Reply(), CancellationToken.None);
        _channel.Fail(new FakeConnectorChannel.Fault(401));
        await client.SendAsync(Reply(), CancellationToken.None);

        Assert.Equal(2, _channel.TokenRequests.Count);
        var form = _channel.TokenRequests.First();
        Assert.Contains("grant_type=client_credentials", form, StringComparison.Ordinal);
        Assert.Contains($"client_id={AppId}", form, StringComparison.Ordinal);
        Assert.Contains("client_secret=s3cret", form, StringComparison.Ordinal);
        Assert.Contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default", form, StringComparison.Ordinal);
        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-1", "Bearer token-2"], _channel.Calls.Select(c => c.Authorization!).ToArray());
    }

    [Fact]
    public async Task A_certificate_signs_a_client_assertion_instead_of_sending_a_secret()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=supportbot-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pfx = Path.Combine(Path.GetTempPath(), $"supportbot-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-pass"));
        try
        {
            using var services = Services(o =>
            {
                o.MicrosoftAppId = AppId;
                o.CertificatePath = pfx;
                o.CertificatePassword = "pfx-pass";
            });
            await services.GetRequiredService<ConnectorClient>().SendAsync(Reply(), CancellationToken.None);

            var form = System.Web.HttpUtility.ParseQueryString(Assert.Single(_channel.TokenRequests));
            Assert.Null(form["client_secret"]);
            Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
            var assertion = await new JsonWebTokenHandler().ValidateTokenAsync(form["client_assertion"], new TokenValidationParameters
            {
                IssuerSigningKey = new X509SecurityKey(certificate),
                ValidIssuer = AppId,
                ValidAudience = $"{_channel.ServiceUrl}{OutboundTokens.DefaultChannelAuthTenant}/oauth2/v2.0/token",
            });
            Assert.True(assertion.IsValid, assertion.Exception?.Message);
            Assert.True(new JsonWebToken(form["client_assertion"]).TryGetHeaderValue<string>("x5t", out _), "the assertion names the certificate by thumbprint");
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public async Task A_managed_identity_gets_its_token_from_the_identity_endpoint()
    {
        using var services = Services(o =>
        {
            o.MicrosoftAppId = AppId;
            o.MicrosoftAppType = BotAppType.UserAssignedMSI;
            o.MicrosoftAppTenantId = "tenant-1";
        });
        await services.GetRequiredService<ConnectorClient>().SendAsync(Reply(), CancellationToken.None);

        var request = Assert.Single(_channel.TokenRequests);
        Assert.Contains("api-version=2018-02-01", request, StringComparison.Ordinal);
        Assert.Contains("resource=https%3A%2F%2Fapi.botframework.com", request, StringComparison.Ordinal);
        Assert.Contains($"client_id={AppId}", request, StringComparison.Ordinal);
        Assert.EndsWith("Metadata=true", request, StringComparison.Ordinal);
        Assert.Equal("Bearer token-1", Assert.Single(_channel.Calls).Authorization);
    }

    [Fact]
    public async Task The_token_never_goes_to_a_host_outside_the_trusted_list()
    {
        using var services = Services(o =>
        {
            o.MicrosoftAppId = AppId;
            o.MicrosoftAppPassword = "s3cret";
            o.TrustedServiceUrlHosts = ["*.botframework.com"];
        });
        var error = await Assert.ThrowsAsync<ConnectorException>(() => services.GetRequiredService<ConnectorClient>().SendAsync(Reply(), CancellationToken.None));

        Assert.True(error.IsPermanent);
        Assert.Empty(_channel.Calls);
        Assert.Empty(_channel.TokenRequests);
    }

    [Fact]
    public async Task The_token_never_travels_over_plain_http_unless_loopback_http_is_allowed()
    {
        using var services = Services(o =>
        {
            o.MicrosoftAppId = AppId;
            o.MicrosoftAppPassword = "s3cret";
            o.AllowHttpOnLoopback = false;
        });
        var error = await Assert.ThrowsAsync<ConnectorException>(() => services.GetRequiredService<ConnectorClient>().SendAsync(Reply(), CancellationToken.None));

        Assert.True(error.IsPermanent);
        Assert.Contains("https", error.Message, StringComparison.Ordinal);
        Assert.Empty(_channel.Calls);
        Assert.Empty(_channel.TokenRequests);
    }

    [Theory]
    [InlineData("http://10.0.0.5/")]
    [InlineData("http://169.254.169.254/metadata/")]
    [InlineData("https://internal.example/")]
    public async Task Without_an_app_id_the_connector_sends_to_loopback_only(string serviceUrl)
    {
        var network = new RecordingHandler();
        using var services = Services(network: network);
        var connector = services.GetRequiredService<ConnectorClient>();

        var error = await Assert.ThrowsAsync<ConnectorException>(() => connector.SendAsync(Reply() with { ServiceUrl = serviceUrl }, CancellationToken.None));
        Assert.True(error.IsPermanent);
        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
        Assert.Empty(network.Requests);

        await connector.SendAsync(Reply(), CancellationToken.None);
        Assert.Equal(_channel.ServiceUrl, Assert.Single(network.Requests).GetLeftPart(UriPartial.Authority) + "/");
    }

    [Fact]
    public void A_trafficmanager_subdomain_any_azure_subscriber_can_register_is_not_trusted_by_default()
        => Assert.False(ServiceUrlTrust.IsTrusted(new Uri("https://attacker-bot.trafficmanager.net/amer/"), new BotFrameworkOptions().TrustedServiceUrlHosts));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", true)]
    [InlineData("https://directline.botframework.com/", true)]
    [InlineData("https://botframework.com.evil.example/", false)]
    [InlineData("https://evilbotframework.com/", false)]
    [InlineData("https://example.com/", false)]
    public void Trusted_hosts_match_exactly_or_as_subdomains(string serviceUrl, bool trusted)
        => Assert.Equal(trusted, ServiceUrlTrust.IsTrusted(new Uri(serviceUrl), new BotFrameworkOptions().TrustedServiceUrlHosts));

    [Fact]
    public async Task A_cached_token_is_renewed_five_minutes_before_it_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var http = new HttpClient();
        var settings = Options.Create(new BotFrameworkOptions { MicrosoftAppId = AppId, MicrosoftAppPassword = "s", ToChannelFromBotLoginUrlPrefix = _channel.ServiceUrl });
        using var tokens = new OutboundTokens(http, settings, ManagedIdentityEnvironment.None, clock, NullLogger<OutboundTokens>.Instance);

        Assert.Equal("token-1", await tokens.GetTokenAsync(null, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("token-1", await tokens.GetTokenAsync(null, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("token-2", await tokens.GetTokenAsync(null, CancellationToken.None));
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => tokens.GetTokenAsync(null, CancellationToken.None)));
        Assert.All(concurrent, t => Assert.Equal("token-2", t));
        Assert.Equal(2, _channel.TokenRequests.Count);
    }
}
