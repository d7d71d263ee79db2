using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels;

/// Web Chat on a customer's own site: tokens bound to trusted origins work from those pages only (REST and the
/// WebSocket), the page token endpoint serves only trusted sites, and CORS lets those sites' browsers call in.
public sealed class DirectLineOriginTests : IClassFixture<DirectLineOriginTests.Host>
{
    public const string Shop = "https://shop.example.com";
    public const string Elsewhere = "https://evil.example.net";
    private readonly SupportBotFactory _factory;

    public DirectLineOriginTests(Host host) => _factory = host.Factory;

    public sealed class Host : IDisposable
    {
        public SupportBotFactory Factory { get; } = new() { UseFakeClock = false, Settings = { ["DirectLine:TrustedOrigins:0"] = Shop + "/" } };

        public void Dispose() => Factory.Dispose();
    }

    private DirectLineClient NewClient(string? origin = null) => new(_factory.CreateClient()) { Origin = origin };

    [Fact]
    public async Task A_token_generated_with_trusted_origins_works_from_them_and_is_refused_elsewhere_with_nothing_stored()
    {
        var server = NewClient();
        var generated = await server.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate",
            JsonContent.Create(new { trustedOrigins = new[] { "https://Partner.example.org" } }), SupportBotFactory.TestSecret);
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        var token = BotJson.Deserialize<DirectLineConversation>(await generated.Content.ReadAsStringAsync()).Token!;

        var partner = NewClient("https://partner.example.org");
        var started = await partner.SendAsync(HttpMethod.Post, "/v3/directline/conversations", null, token);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var conversationId = BotJson.Deserialize<DirectLineConversation>(await started.Content.ReadAsStringAsync()).ConversationId;
        var activities = $"/v3/directline/conversations/{conversationId}/activities";

        foreach (var stranger in new[] { NewClient(Elsewhere), NewClient() })
        {
            var post = await stranger.SendAsync(HttpMethod.Post, activities, JsonContent.Create(new { type = "message", text = "posted from elsewhere" }), token);
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
            Assert.Equal("Forbidden", DirectLineIdentityTests.ErrorCode(await post.Content.ReadAsStringAsync()));
            Assert.Equal(HttpStatusCode.Forbidden, (await stranger.SendAsync(HttpMethod.Get, activities, null, token)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await stranger.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", null, token)).StatusCode);
        }

        // A same-origin GET carries no Origin header, only Referer: the page is still known.
        var read = new HttpRequestMessage(HttpMethod.Get, activities) { Headers = { Authorization = new("Bearer", token), Referrer = new Uri("https://partner.example.org/help/chat") } };
        var fromPartner = await _factory.CreateClient().SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, fromPartner.StatusCode);
        var set = BotJson.Deserialize<ActivitySet>(await fromPartner.Content.ReadAsStringAsync());
        Assert.DoesNotContain(set.Activities, a => a.Text == "posted from elsewhere");

        // The refreshed token keeps its origins.
        var refreshed = await partner.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", null, token);
        var renewed = BotJson.Deserialize<DirectLineConversation>(await refreshed.Content.ReadAsStringAsync()).Token!;
        Assert.Equal(HttpStatusCode.Forbidden, (await NewClient(Elsewhere).SendAsync(HttpMethod.Get, activities, null, renewed)).StatusCode);
    }

    [Fact]
    public async Task The_stream_of_a_token_bound_to_origins_refuses_a_websocket_from_another_origin()
    {
        var shop = NewClient(Shop);
        await shop.StartAsync();
        var sockets = _factory.Server.CreateWebSocketClient();
        sockets.ConfigureRequest = request => request.Headers.Origin = Elsewhere;
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => sockets.ConnectAsync(new Uri(shop.StreamUrl!), CancellationToken.None));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);

        sockets.ConfigureRequest = request => request.Headers.Origin = Shop;
        using var socket = await sockets.ConnectAsync(new Uri(shop.StreamUrl!), CancellationToken.None);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task The_page_token_endpoint_serves_this_host_and_trusted_sites_and_binds_their_tokens_to_them()
    {
        var shop = NewClient(Shop);
        await shop.StartAsync();
        var origins = DirectLineIdentityTests.TokenPayload(shop.Token).GetProperty("origins").EnumerateArray().Select(o => o.GetString()).ToList();
        Assert.Equal(["http://localhost", Shop], origins);

        var own = NewClient("http://localhost");
        await own.StartAsync();

        var refused = await NewClient(Elsewhere).SendAsync(HttpMethod.Post, "/api/directline/token", null, credential: string.Empty);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("DirectLine:TrustedOrigins", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Browsers_on_a_trusted_site_may_call_across_origins_and_others_may_not_read_page_tokens()
    {
        var http = _factory.CreateClient();
        var preflight = await http.SendAsync(Preflight("/api/directline/token", Shop, "content-type"));
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(Shop, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var foreign = await http.SendAsync(Preflight("/api/directline/token", Elsewhere, "content-type"));
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));

        // Direct Line itself answers any page, with the headers DirectLineJS and Web Chat send.
        var directLine = await http.SendAsync(Preflight("/v3/directline/conversations", Elsewhere, "authorization,content-type,x-ms-bot-agent"));
        Assert.Equal(HttpStatusCode.NoContent, directLine.StatusCode);
        Assert.Equal("*", directLine.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = string.Join(",", directLine.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("x-ms-bot-agent", allowed, StringComparison.Ordinal);
        Assert.Contains("authorization", allowed, StringComparison.Ordinal);

        var shop = NewClient(Shop);
        await shop.StartAsync();
        var poll = await shop.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{shop.ConversationId}/activities");
        Assert.Equal("*", poll.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory]
    [InlineData("""{"trustedOrigins":["shop.example.com"]}""")]
    [InlineData("""{"trustedOrigins":["https://shop.example.com/checkout"]}""")]
    [InlineData("""{"trustedOrigins":["javascript:alert(1)"]}""")]
    public async Task Malformed_trusted_origins_are_a_bad_request(string body)
    {
        var response = await NewClient().SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), SupportBotFactory.TestSecret);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadArgument", DirectLineIdentityTests.ErrorCode(await response.Content.ReadAsStringAsync()));
    }

    private static HttpRequestMessage Preflight(string path, string origin, string headers) => new(HttpMethod.Options, path)
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", "POST" },
            { "Access-Control-Request-Headers", headers },
        },
    };
}
