using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Authentication;

namespace SupportBot.Tests.BotFramework.Authentication;

/// Inbound token validation against a local token authority: every case the Bot Framework SDK accepts or
/// refuses, with real keys, signatures and metadata over loopback.
public sealed class BotAuthenticatorTests : IAsyncLifetime, IDisposable
{
    private const string AppId = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    private const string BotFrameworkTenant = "d6d49420-f39b-4df7-a1dc-d59a935871db";
    private const string EmulatorServiceUrl = "http://localhost:55000/";
    private const string RootBot = "12345678-aaaa-bbbb-cccc-1234567890ab";
    private const string RootBotSkillHost = "https://root.example.com/api/skills/";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly HttpClient _http = new();
    private LocalTokenAuthority _authority = null!;
    private SigningKeyCache _keys = null!;

    public async Task InitializeAsync()
    {
        _authority = await LocalTokenAuthority.StartAsync();
        _keys = new SigningKeyCache(_http, _clock, NullLogger<SigningKeyCache>.Instance);
    }

    public async Task DisposeAsync() => await _authority.DisposeAsync();

    public void Dispose()
    {
        _keys.Dispose();
        _http.Dispose();
    }

    private BotAuthenticator Authenticator(Action<BotFrameworkOptions>? configure = null)
    {
        var settings = new BotFrameworkOptions
        {
            MicrosoftAppId = AppId,
            ToBotFromChannelOpenIdMetadataUrl = _authority.ChannelMetadataUrl,
            ToBotFromEmulatorOpenIdMetadataUrl = _authority.EmulatorMetadataUrl,
        };
        configure?.Invoke(settings);
        return new BotAuthenticator(_keys, Options.Create(settings), _clock);
    }

    private Task<BotAuthenticationResult> CheckAsync(string? header, string channelId = "msteams", string? serviceUrl = ServiceUrl, BotAuthenticator? authenticator = null)
        => (authenticator ?? Authenticator()).AuthenticateAsync(header, channelId, serviceUrl, CancellationToken.None);

    private static string Bearer(string token) => $"Bearer {token}";

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task A_genuine_channel_token_is_accepted_with_the_azure_caller_id()
    {
        var result = await CheckAsync(Bearer(_authority.CreateChannelToken(AppId, ServiceUrl)));
        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(CallerIds.PublicAzureChannel, result.CallerId);
        Assert.NotNull(result.Identity);
    }

    [Fact]
    public async Task A_token_signed_by_an_unpublished_key_under_a_published_kid_is_refused()
    {
        var forger = LocalTokenAuthority.NewKey();
        forger.KeyId = _authority.ChannelKey.KeyId;
        var result = await CheckAsync(Bearer(_authority.CreateChannelToken(AppId, ServiceUrl, key: forger)));
        Assert.False(result.Succeeded);
        Assert.Equal("Channel token rejected: SecurityTokenInvalidSignatureException", result.FailureReason);
    }

    [Fact]
    public async Task A_token_signed_by_an_unknown_key_is_refused()
    {
        var result = await CheckAsync(Bearer(_authority.CreateChannelToken(AppId, ServiceUrl, key: LocalTokenAuthority.NewKey())));
        Assert.False(result.Succeeded);
        Assert.Contains("unknown key", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var result = await CheckAsync(Bearer(_authority.CreateChannelToken(AppId, ServiceUrl, issuer: "https://evil.example.com")));
        Assert.False(result.Succeeded);
        Assert.Equal("Channel token rejected: SecurityTokenInvalidIssuerException", result.FailureReason);
    }

    [Fact]
    public async Task A_token_for_another_bot_is_refused()
    {
        var result = await CheckAsync(Bearer(_authority.CreateChannelToken("11111111-2222-3333-4444-555555555555", ServiceUrl)));
        Assert.False(result.Succeeded);
        Assert.Contains("another bot", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_is_refused_beyond_five_minutes_of_skew_and_accepted_within()
    {
        var withinSkew = _authority.CreateChannelToken(AppId, ServiceUrl, expires: Now.AddMinutes(-4), notBefore: Now.AddHours(-1));
        var beyondSkew = _authority.CreateChannelToken(AppId, ServiceUrl, expires: Now.AddMinutes(-6), notBefore: Now.AddHours(-1));
        Assert.True((await CheckAsync(Bearer(withinSkew))).Succeeded);
        var refused = await CheckAsync(Bearer(beyondSkew));
        Assert.False(refused.Succeeded);
        Assert.Equal("Channel token rejected: SecurityTokenInvalidLifetimeException", refused.FailureReason);
    }

    [Fact]
    public async Task A_token_not_yet_valid_is_refused()
    {
        var future = _authority.CreateChannelToken(AppId, ServiceUrl, notBefore: Now.AddMinutes(10), expires: Now.AddHours(1));
        var refused = await CheckAsync(Bearer(future));
        Assert.False(refused.Succeeded);
        Assert.Equal("Channel token rejected: SecurityTokenInvalidLifetimeException", refused.FailureReason);
    }

    [Fact]
    public async Task A_serviceurl_claim_that_differs_from_the_activity_is_refused()
    {
        var token = _authority.CreateChannelToken(AppId, "https://attacker.example.com/");
        var result = await CheckAsync(Bearer(token));
        Assert.False(result.Succeeded);
        Assert.Contains("serviceurl", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_endorsed_for_other_channels_only_cannot_sign_for_this_one()
    {
        var slackKey = _authority.Publish(["slack"]);
        var result = await CheckAsync(Bearer(_authority.CreateChannelToken(AppId, ServiceUrl, key: slackKey)), channelId: "msteams");
        Assert.False(result.Succeeded);
        Assert.Contains("endorsed", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_without_endorsements_signs_for_any_channel()
    {
        var open = _authority.Publish([]);
        Assert.True((await CheckAsync(Bearer(_authority.CreateChannelToken(AppId, ServiceUrl, key: open)), channelId: "sms")).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("bearer eyJhbGciOiJSUzI1NiJ9.e30.sig")]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer a.b.c d")]
    public async Task A_missing_or_malformed_header_is_refused(string? header)
    {
        var result = await CheckAsync(header);
        Assert.False(result.Succeeded);
        Assert.Contains(result.FailureReason, new[] { "no Authorization header", "the Authorization header is not 'Bearer <token>'", "the bearer token is not a JWT" });
    }

    [Fact]
    public async Task An_oversized_header_is_refused_without_parsing()
    {
        var result = await CheckAsync("Bearer " + new string('a', 20_000));
        Assert.False(result.Succeeded);
        Assert.Equal("the Authorization header is not 'Bearer <token>'", result.FailureReason);
    }

    [Fact]
    public async Task Unsigned_and_symmetric_tokens_are_refused()
    {
        var unsigned = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = LocalTokenAuthority.ChannelIssuer,
            Audience = AppId,
            Claims = new Dictionary<string, object> { ["serviceurl"] = ServiceUrl },
        });
        var symmetricKey = new SymmetricSecurityKey(new byte[32]) { KeyId = _authority.ChannelKey.KeyId };
        var hmac = LocalTokenAuthority.Create(LocalTokenAuthority.ChannelIssuer, AppId, new() { ["serviceurl"] = ServiceUrl }, symmetricKey, null, null, SecurityAlgorithms.HmacSha256);
        var unsignedResult = await CheckAsync(Bearer(unsigned));
        var hmacResult = await CheckAsync(Bearer(hmac));
        Assert.False(unsignedResult.Succeeded);
        Assert.Equal("Channel token signed with unknown key ''", unsignedResult.FailureReason);
        Assert.False(hmacResult.Succeeded);
        // The key published under that kid is the channel's RSA key: an HMAC made with a key of the attacker's choosing
        // does not verify against it.
        Assert.Equal("Channel token rejected: SecurityTokenInvalidSignatureException", hmacResult.FailureReason);
    }

    private BotAuthenticator EmulatorAllowed(Action<BotFrameworkOptions>? configure = null) => Authenticator(s =>
    {
        s.AllowEmulatorTokens = true;
        configure?.Invoke(s);
    });

    private BotAuthenticator RootBotAllowed(Action<BotFrameworkOptions>? configure = null) => Authenticator(s =>
    {
        s.AllowedCallers = [RootBot];
        s.SkillHostEndpoints[RootBot] = RootBotSkillHost;
        configure?.Invoke(s);
    });

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task Emulator_tokens_of_both_versions_are_accepted_for_this_app_when_allowed(string version)
    {
        var token = _authority.CreateEntraToken("https://api.botframework.com", AppId, version, BotFrameworkTenant);
        var result = await CheckAsync(Bearer(token), channelId: "emulator", serviceUrl: EmulatorServiceUrl, authenticator: EmulatorAllowed());
        Assert.True(result.Succeeded, result.FailureReason);
    }

    [Fact]
    public async Task Emulator_tokens_are_refused_unless_the_setting_allows_them()
    {
        var token = _authority.CreateEntraToken("https://api.botframework.com", AppId, "2.0", BotFrameworkTenant);
        var result = await CheckAsync(Bearer(token), channelId: "emulator", serviceUrl: EmulatorServiceUrl);
        Assert.False(result.Succeeded);
        Assert.Contains("AllowEmulatorTokens", result.FailureReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://attacker.example.com/")]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("http://localhost.attacker.example/")]
    public async Task An_emulator_token_is_bound_to_a_serviceUrl_on_loopback(string serviceUrl)
    {
        var token = _authority.CreateEntraToken("https://api.botframework.com", AppId, "2.0", BotFrameworkTenant);
        var result = await CheckAsync(Bearer(token), channelId: "emulator", serviceUrl: serviceUrl, authenticator: EmulatorAllowed());
        Assert.False(result.Succeeded);
        Assert.Contains("loopback", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_emulator_token_with_an_unknown_version_or_for_another_app_is_refused()
    {
        var unknownVersion = _authority.CreateEntraToken("https://api.botframework.com", AppId, "3.0", BotFrameworkTenant);
        var otherApp = _authority.CreateEntraToken("https://api.botframework.com", "99999999-2222-3333-4444-555555555555", "1.0", BotFrameworkTenant);
        var unknownVersionResult = await CheckAsync(Bearer(unknownVersion), channelId: "emulator", serviceUrl: EmulatorServiceUrl, authenticator: EmulatorAllowed());
        var otherAppResult = await CheckAsync(Bearer(otherApp), channelId: "emulator", serviceUrl: EmulatorServiceUrl, authenticator: EmulatorAllowed());
        Assert.False(unknownVersionResult.Succeeded);
        Assert.Equal("Emulator token without a known ver and its app id claim", unknownVersionResult.FailureReason);
        Assert.False(otherAppResult.Succeeded);
        Assert.Equal("Emulator token for another app", otherAppResult.FailureReason);
    }

    [Fact]
    public async Task A_single_tenant_bot_refuses_entra_tokens_from_other_tenants()
    {
        const string ownTenant = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        var singleTenant = EmulatorAllowed(s =>
        {
            s.MicrosoftAppType = BotAppType.SingleTenant;
            s.MicrosoftAppTenantId = ownTenant;
        });
        var own = _authority.CreateEntraToken("https://api.botframework.com", AppId, "2.0", ownTenant);
        var foreign = _authority.CreateEntraToken("https://api.botframework.com", AppId, "2.0", "ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee");
        Assert.True((await CheckAsync(Bearer(own), channelId: "emulator", serviceUrl: EmulatorServiceUrl, authenticator: singleTenant)).Succeeded);
        var refused = await CheckAsync(Bearer(foreign), channelId: "emulator", serviceUrl: EmulatorServiceUrl, authenticator: singleTenant);
        Assert.False(refused.Succeeded);
        // Another tenant is not among the issuers an Entra token may come from, so it is taken for a channel token and fails that issuer.
        Assert.Equal("Channel token rejected: SecurityTokenInvalidIssuerException", refused.FailureReason);
    }

    [Fact]
    public async Task A_multi_tenant_bot_takes_entra_tokens_from_bot_framework_and_its_own_tenant_never_from_the_tenant_a_token_names()
    {
        const string ownTenant = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        var multiTenant = RootBotAllowed(s => s.MicrosoftAppTenantId = ownTenant);
        var fromOwnTenant = _authority.CreateEntraToken(AppId, RootBot, "2.0", ownTenant);
        var fromBotFramework = _authority.CreateEntraToken(AppId, RootBot, "1.0", BotFrameworkTenant);
        var fromAnyTenant = _authority.CreateEntraToken(AppId, RootBot, "2.0", "ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee");

        Assert.True((await CheckAsync(Bearer(fromOwnTenant), serviceUrl: RootBotSkillHost, authenticator: multiTenant)).Succeeded);
        Assert.True((await CheckAsync(Bearer(fromBotFramework), serviceUrl: RootBotSkillHost, authenticator: multiTenant)).Succeeded);
        var refused = await CheckAsync(Bearer(fromAnyTenant), serviceUrl: RootBotSkillHost, authenticator: multiTenant);
        Assert.False(refused.Succeeded);
        Assert.Equal("Skill token rejected: SecurityTokenInvalidIssuerException", refused.FailureReason);
    }

    [Fact]
    public async Task A_skill_token_is_accepted_only_from_an_allowed_caller_and_names_it_in_the_caller_id()
    {
        var token = _authority.CreateEntraToken(AppId, RootBot, "1.0", BotFrameworkTenant);
        var refused = await CheckAsync(Bearer(token), serviceUrl: RootBotSkillHost);
        Assert.False(refused.Succeeded);
        Assert.Equal($"bot '{RootBot}' is not in Bot:AllowedCallers", refused.FailureReason);

        var result = await CheckAsync(Bearer(token), serviceUrl: RootBotSkillHost, authenticator: RootBotAllowed());
        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(CallerIds.BotToBotPrefix + RootBot, result.CallerId);
        Assert.Equal(RootBot, result.CallerAppId);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("https://root.example.com.attacker.example/api/skills/")]
    [InlineData("https://root.example.com/api/other/")]
    public async Task A_skill_call_is_bound_to_its_callers_skill_host_endpoint(string serviceUrl)
    {
        var token = _authority.CreateEntraToken(AppId, RootBot, "1.0", BotFrameworkTenant);
        var result = await CheckAsync(Bearer(token), serviceUrl: serviceUrl, authenticator: RootBotAllowed());
        Assert.False(result.Succeeded);
        Assert.Contains("SkillHostEndpoints", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_skill_caller_allowed_without_a_skill_host_endpoint_is_refused()
    {
        var token = _authority.CreateEntraToken(AppId, RootBot, "1.0", BotFrameworkTenant);
        var result = await CheckAsync(Bearer(token), serviceUrl: RootBotSkillHost, authenticator: Authenticator(s => s.AllowedCallers = ["*"]));
        Assert.False(result.Succeeded);
        Assert.Contains("SkillHostEndpoints", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_app_id_every_request_is_anonymous()
    {
        var result = await CheckAsync(header: null, authenticator: Authenticator(s => s.MicrosoftAppId = ""));
        Assert.True(result.Succeeded);
        Assert.Null(result.CallerId);
    }

    [Fact]
    public async Task A_key_published_after_rotation_is_picked_up_by_one_early_refresh()
    {
        Assert.True((await CheckAsync(Bearer(_authority.CreateChannelToken(AppId, ServiceUrl)))).Succeeded);
        var rotated = _authority.Publish(["msteams"]);
        var requestsBefore = _authority.MetadataRequests;

        // Right after a load the cache does not hammer the authority for every unknown kid...
        Assert.False((await CheckAsync(Bearer(_authority.CreateChannelToken(AppId, ServiceUrl, key: rotated)))).Succeeded);
        Assert.Equal(requestsBefore, _authority.MetadataRequests);

        // ...but once the minimum interval has passed, an unknown kid refreshes the keys once.
        _clock.Advance(SigningKeyCache.MinimumRefreshInterval + TimeSpan.FromSeconds(1));
        Assert.True((await CheckAsync(Bearer(_authority.CreateChannelToken(AppId, ServiceUrl, key: rotated)))).Succeeded);
        Assert.Equal(requestsBefore + 1, _authority.MetadataRequests);
    }

    [Fact]
    public async Task When_the_metadata_endpoint_is_down_tokens_are_refused_and_nothing_throws()
    {
        _authority.Up = false;
        var result = await CheckAsync(Bearer(_authority.CreateChannelToken(AppId, ServiceUrl)));
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Keys_already_loaded_keep_working_while_the_metadata_endpoint_is_down()
    {
        Assert.True((await CheckAsync(Bearer(_authority.CreateChannelToken(AppId, ServiceUrl)))).Succeeded);
        _authority.Up = false;
        _clock.Advance(SigningKeyCache.RefreshInterval + TimeSpan.FromMinutes(1));
        Assert.True((await CheckAsync(Bearer(_authority.CreateChannelToken(AppId, ServiceUrl, expires: Now.AddHours(1), notBefore: Now.AddMinutes(-1))))).Succeeded);
    }
}
