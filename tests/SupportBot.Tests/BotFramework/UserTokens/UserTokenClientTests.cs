using System.Collections;
using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Connector;
using SupportBot.BotFramework.ManagedIdentity;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.UserTokens;
using SupportBot.Channels.Teams;
using SupportBot.Tests.Channels.BotFramework;
using SupportBot.Tests.Channels.Teams;

namespace SupportBot.Tests.BotFramework.UserTokens;

/// The token service client on its own: the bot's token on every call, one fresh token after a 401, https only
/// away from loopback; and the sign-in words in every language the bot speaks.
public sealed class UserTokenClientTests : IAsyncLifetime
{
    private const string AppId = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
    private FakeConnectorChannel _entra = null!;
    private FakeTokenService _service = null!;

    public async Task InitializeAsync()
    {
        _entra = await FakeConnectorChannel.StartAsync();
        _service = await FakeTokenService.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _entra.DisposeAsync();
    }

    private (UserTokenClient Client, IDisposable Owned) Create(string oauthUrl, bool allowHttpOnLoopback = true)
    {
        var http = new HttpClient();
        var settings = Options.Create(new BotFrameworkOptions
        {
            MicrosoftAppId = AppId,
            MicrosoftAppPassword = "s",
            ToChannelFromBotLoginUrlPrefix = _entra.ServiceUrl,
            OAuthUrl = oauthUrl,
            AllowHttpOnLoopback = allowHttpOnLoopback,
        });
        var tokens = new OutboundTokens(http, settings, ManagedIdentityEnvironment.None, TimeProvider.System, NullLogger<OutboundTokens>.Instance);
        return (new UserTokenClient(http, tokens, settings, NullLogger<UserTokenClient>.Instance), tokens);
    }

    [Fact]
    public async Task A_refused_bot_token_is_replaced_once_and_the_call_goes_through()
    {
        _service.AcceptsBotToken = token => token == "token-2";
        var (client, owned) = Create(_service.Url);
        using var _ = owned;
        var user = new FakeTokenService.User("29:abc", Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "a@contoso.com", "A");

        var token = await client.ExchangeTokenAsync(user.TeamsId, FakeTokenService.ConnectionName, ChannelIds.Msteams,
            new TokenExchangeRequest { Token = _service.IssueSsoToken(user) }, CancellationToken.None);

        Assert.NotNull(token?.Token);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], _service.Calls.Select(c => c.Authorization ?? string.Empty).ToArray());
        Assert.Null(await client.GetTokenAsync("29:nobody", FakeTokenService.ConnectionName, ChannelIds.Msteams, code: null, CancellationToken.None));
    }

    [Fact]
    public async Task The_bots_token_never_goes_to_a_plain_http_token_service_off_loopback()
    {
        var (client, owned) = Create("http://token.example.com", allowHttpOnLoopback: true);
        using var _ = owned;

        var refused = await Assert.ThrowsAsync<UserTokenException>(
            () => client.GetTokenAsync("29:abc", FakeTokenService.ConnectionName, ChannelIds.Msteams, code: null, CancellationToken.None));

        Assert.Contains("https", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_entra.TokenRequests);
    }

    [Fact]
    public void Every_language_has_every_sign_in_message_with_the_same_placeholders()
    {
        var english = Messages(CultureInfo.InvariantCulture);
        var indonesian = Messages(CultureInfo.GetCultureInfo("id"));

        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), indonesian.Keys.Order(StringComparer.Ordinal));
        Assert.All(english, e => Assert.Equal(e.Value.Contains("{0}", StringComparison.Ordinal), indonesian[e.Key].Contains("{0}", StringComparison.Ordinal)));
        Assert.Contains("Ana", SignInMessages.For("id-ID").SignedIn("Ana"), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Messages(CultureInfo culture)
    {
        var set = SignInMessages.ResourceManager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new MissingManifestResourceException($"No sign-in messages for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }
}
