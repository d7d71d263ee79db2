using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.BotFramework.Authentication;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels.BotFramework;

/// /api/messages with an app id configured: the channel's token is checked before anything else happens, and
/// replies carry the bot's own token, obtained from the (fake) Entra token endpoint.
public sealed class AuthenticatedBotMessagesTests : IAsyncLifetime, IDisposable
{
    private const string AppId = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
    private LocalTokenAuthority _authority = null!;
    private FakeConnectorChannel _channel = null!;
    private SupportBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _authority = await LocalTokenAuthority.StartAsync();
        _channel = await FakeConnectorChannel.StartAsync();
        _factory = new SupportBotFactory();
        var settings = _factory.Settings;
        settings["Bot:MicrosoftAppId"] = AppId;
        settings["Bot:MicrosoftAppPassword"] = "s3cret";
        settings["Bot:ToBotFromChannelOpenIdMetadataUrl"] = _authority.ChannelMetadataUrl;
        settings["Bot:ToBotFromEmulatorOpenIdMetadataUrl"] = _authority.EmulatorMetadataUrl;
        settings["Bot:ToChannelFromBotLoginUrlPrefix"] = _channel.ServiceUrl;
        settings["Bot:TrustedServiceUrlHosts:0"] = "127.0.0.1";
        settings["Bot:Connector:MaxRetryAttempts"] = "0";
    }

    public async Task DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _authority.DisposeAsync();
    }

    public void Dispose() => _factory.Dispose();

    private string Question(string? serviceUrl = null)
    {
        var activity = JsonNode.Parse(Fixture.Read("teams-personal-message"))!.AsObject();
        activity["serviceUrl"] = serviceUrl ?? _channel.ServiceUrl;
        activity["id"] = Guid.NewGuid().ToString("N");
        activity["conversation"]!["id"] = $"a:{Guid.NewGuid():N}";
        activity["text"] = "How do I reset my password?";
        return activity.ToJsonString();
    }

    private async Task<HttpResponseMessage> PostAsync(string json, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        var response = await _factory.CreateClient().SendAsync(request);
        await _factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        return response;
    }

    [Fact]
    public async Task A_genuine_channel_token_is_accepted_and_the_reply_carries_the_bots_own_token()
    {
        var token = _authority.CreateChannelToken(AppId, _channel.ServiceUrl);
        var response = await PostAsync(Question(), $"Bearer {token}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer token-1", Assert.Single(_channel.Delivered).Authorization);
        Assert.Contains("client_secret=s3cret", Assert.Single(_channel.TokenRequests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_a_channel_on_plain_http_is_refused_at_the_door_and_gets_no_token()
    {
        // Development (the test host's default) allows http on loopback for test channels; Production does not.
        _factory.Settings["environment"] = "Production";
        var token = _authority.CreateChannelToken(AppId, _channel.ServiceUrl);
        var response = await PostAsync(Question(), $"Bearer {token}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("https", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_channel.Calls);
        Assert.Empty(_channel.TokenRequests);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("wrong-service-url")]
    [InlineData("none")]
    public async Task A_refused_token_is_a_401_that_explains_nothing_and_nothing_is_sent(string kind)
    {
        var forger = LocalTokenAuthority.NewKey();
        forger.KeyId = _authority.ChannelKey.KeyId;
        var header = kind switch
        {
            "forged" => $"Bearer {_authority.CreateChannelToken(AppId, _channel.ServiceUrl, key: forger)}",
            "wrong-service-url" => $"Bearer {_authority.CreateChannelToken(AppId, "https://smba.trafficmanager.net/amer/")}",
            _ => null,
        };
        var response = await PostAsync(Question(), header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Unauthorized", problem.GetProperty("title").GetString());
        Assert.False(problem.TryGetProperty("detail", out _));
        Assert.Empty(_channel.Calls);
        Assert.Empty(_channel.TokenRequests);
    }
}
