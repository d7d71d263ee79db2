using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.BotFramework.Schema;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels;

public sealed class DirectLineFlowTests : IClassFixture<SupportBotFactory>
{
    private readonly SupportBotFactory _factory;

    public DirectLineFlowTests(SupportBotFactory factory) => _factory = factory;

    private DirectLineClient NewClient() => new(_factory.CreateClient());

    [Fact]
    public async Task Start_returns_201_with_token_and_stream_url_then_200_when_started_again()
    {
        var client = NewClient();
        var started = await client.StartAsync();
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.StartsWith("ws://", client.StreamUrl, StringComparison.Ordinal);
        Assert.Contains($"/v3/directline/conversations/{client.ConversationId}/stream?t=", client.StreamUrl, StringComparison.Ordinal);

        var again = await client.SendAsync(HttpMethod.Post, "/v3/directline/conversations");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(client.ConversationId, body.GetProperty("conversationId").GetString());
        Assert.True(body.GetProperty("expires_in").GetInt32() > 0);
    }

    [Fact]
    public async Task New_conversation_gets_the_welcome_without_any_conversationUpdate_reaching_the_client()
    {
        var client = NewClient();
        await client.StartAsync();
        var welcome = await client.WaitForAsync(a => a.Type == ActivityTypes.Message);
        Assert.Contains("support assistant", welcome.Text, StringComparison.Ordinal);
        Assert.Equal("supportbot", welcome.From?.Id);
        var all = await client.GetActivitiesAsync();
        Assert.DoesNotContain(all.Activities, a => a.Type == ActivityTypes.ConversationUpdate);
    }

    [Fact]
    public async Task Posted_message_is_echoed_with_its_client_activity_id_and_answered_with_a_cited_reply()
    {
        var client = NewClient();
        await client.StartAsync();
        var posted = await client.PostAsync(new
        {
            type = "message",
            text = "How long until a refund shows up on my card?",
            from = new { id = "someone-else", name = "Ann" },
            channelData = new { clientActivityID = "client-1" },
        });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var id = BotJson.Deserialize<ResourceResponse>(await posted.Content.ReadAsStringAsync()).Id;
        Assert.Matches($"^{client.ConversationId}\\|\\d{{7}}$", id);

        var reply = await client.WaitForAsync(a => a.ReplyToId == id);
        var set = await client.GetActivitiesAsync();
        var echo = Assert.Single(set.Activities, a => a.Id == id);
        Assert.Equal("client-1", echo.ChannelData?.GetProperty("clientActivityID").GetString());
        Assert.StartsWith("dl_", echo.From?.Id, StringComparison.Ordinal);
        Assert.Equal("Ann", echo.From?.Name);
        Assert.NotNull(echo.Timestamp);

        Assert.Equal(TextFormats.Markdown, reply.TextFormat);
        Assert.Contains("5-10 business days", reply.Text, StringComparison.Ordinal);
        Assert.Contains("](http://localhost/kb/billing/refund-timing#", reply.Text, StringComparison.Ordinal);
        Assert.Equal(echo.From?.Id, reply.Recipient?.Id);
    }

    [Fact]
    public async Task Watermark_returns_only_later_activities_and_garbage_means_from_the_start()
    {
        var client = NewClient();
        await client.StartAsync();
        await client.WaitForAsync(a => a.Type == ActivityTypes.Message);
        var first = await client.GetActivitiesAsync();
        var later = await client.GetActivitiesAsync(first.Watermark);
        Assert.Empty(later.Activities);
        Assert.Equal(first.Watermark, later.Watermark);
        var fromStart = await client.GetActivitiesAsync("null");
        Assert.Equal(first.Activities.Count, fromStart.Activities.Count);
    }

    [Fact]
    public async Task Stream_delivers_backlog_echo_typing_and_reply_over_the_websocket()
    {
        using var factory = new SupportBotFactory();
        // The typing indicator however quick the answer: that it reaches the socket but not the history is tested.
        factory.Settings["Answering:TypingDelay"] = "00:00:00";
        var client = new DirectLineClient(factory.CreateClient());
        await client.StartAsync();
        var socketClient = factory.Server.CreateWebSocketClient();
        using var socket = await socketClient.ConnectAsync(new Uri(client.StreamUrl!), CancellationToken.None);
        var seen = new List<Activity>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // The welcome arrives first (from the backlog or live); once it is in, the socket is attached.
        while (!seen.Any(a => a.Text?.Contains("support assistant", StringComparison.Ordinal) == true))
        {
            var frame = await ReceiveFrameAsync(socket, timeout.Token);
            if (frame.Length > 0)
            {
                seen.AddRange(BotJson.Deserialize<ActivitySet>(frame).Activities);
            }
        }
        await client.PostAsync(new { type = "message", text = "How do I reset my password?", channelData = new { clientActivityID = "c2" } });

        while (!seen.Any(a => a.Type == ActivityTypes.Message && a.ReplyToId is not null))
        {
            var frame = await ReceiveFrameAsync(socket, timeout.Token);
            if (frame.Length == 0)
            {
                continue;
            }
            seen.AddRange(BotJson.Deserialize<ActivitySet>(frame).Activities);
        }
        Assert.Contains(seen, a => a.Text?.Contains("support assistant", StringComparison.Ordinal) == true);
        Assert.Contains(seen, a => a.Type == ActivityTypes.Typing);
        Assert.Contains(seen, a => a.ChannelData?.GetProperty("clientActivityID").GetString() == "c2");
        var polled = await client.GetActivitiesAsync();
        Assert.DoesNotContain(polled.Activities, a => a.Type == ActivityTypes.Typing);
    }

    [Fact]
    public async Task Reconnect_gives_a_fresh_stream_url_with_the_watermark()
    {
        var client = NewClient();
        await client.StartAsync();
        var response = await client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}?watermark=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = BotJson.Deserialize<DirectLineConversation>(await response.Content.ReadAsStringAsync());
        Assert.Contains("watermark=1&t=", body.StreamUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_can_generate_tokens_and_start_conversations_but_a_token_cannot_generate()
    {
        var client = NewClient();
        var generated = await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate",
            new StringContent("""{"user":{"id":"dl_known-customer"}}""", Encoding.UTF8, "application/json"), SupportBotFactory.TestSecret);
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        var token = BotJson.Deserialize<DirectLineConversation>(await generated.Content.ReadAsStringAsync());
        var payload = JsonDocument.Parse(Convert.FromBase64String(PadBase64(token.Token!.Split('.')[1]))).RootElement;
        Assert.Equal("dl_known-customer", payload.GetProperty("user").GetString());

        var started = await client.SendAsync(HttpMethod.Post, "/v3/directline/conversations", null, SupportBotFactory.TestSecret);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);

        await client.StartAsync();
        var refused = await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Refresh_issues_a_new_token_for_the_same_conversation()
    {
        var client = NewClient();
        await client.StartAsync();
        var refreshed = await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh");
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var body = BotJson.Deserialize<DirectLineConversation>(await refreshed.Content.ReadAsStringAsync());
        Assert.Equal(client.ConversationId, body.ConversationId);
        var withNewToken = await client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}/activities", null, body.Token);
        Assert.Equal(HttpStatusCode.OK, withNewToken.StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, "Unauthorized")]
    [InlineData("not-a-token", HttpStatusCode.Forbidden, "Forbidden")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjb252IjoieCJ9.forged", HttpStatusCode.Forbidden, "Forbidden")]
    public async Task Bad_credentials_get_the_service_status_and_an_error_response(string? credential, HttpStatusCode status, string code)
    {
        var http = _factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        if (credential is not null)
        {
            request.Headers.Authorization = new("Bearer", credential);
        }
        var response = await http.SendAsync(request);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, ErrorCode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Expired_token_is_refused_with_403_TokenExpired()
    {
        using var factory = new SupportBotFactory();
        var client = new DirectLineClient(factory.CreateClient());
        await client.StartAsync();
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var response = await client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}/activities");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("TokenExpired", ErrorCode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Unknown_conversation_is_404_and_another_conversations_token_is_403()
    {
        var client = NewClient();
        await client.StartAsync();
        var other = NewClient();
        await other.StartAsync();

        var foreign = await client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{other.ConversationId}/activities");
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);

        var unknown = await client.SendAsync(HttpMethod.Get, "/v3/directline/conversations/does-not-exist/activities", null, SupportBotFactory.TestSecret);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("BadArgument", ErrorCode(await unknown.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("{not json", HttpStatusCode.BadRequest)]
    [InlineData("[1,2,3]", HttpStatusCode.BadRequest)]
    [InlineData("""{"text":"no type"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"type":"conversationUpdate"}""", HttpStatusCode.BadRequest)]
    public async Task Malformed_activities_get_400_and_the_server_keeps_serving(string body, HttpStatusCode status)
    {
        var client = NewClient();
        await client.StartAsync();
        var response = await client.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{client.ConversationId}/activities",
            new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("BadArgument", ErrorCode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task One_megabyte_message_gets_413_and_the_server_keeps_serving()
    {
        var client = NewClient();
        await client.StartAsync();
        var huge = await client.PostAsync(new { type = "message", text = new string('a', 1024 * 1024) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("MessageSizeTooBig", ErrorCode(await huge.Content.ReadAsStringAsync()));

        var tooLongText = await client.PostAsync(new { type = "message", text = new string('b', 9000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLongText.StatusCode);

        var normal = await client.PostAsync(new { type = "message", text = "hello" });
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
    }

    [Fact]
    public async Task Idle_conversations_leave_memory_and_come_back_whole_from_the_store()
    {
        using var factory = new SupportBotFactory();
        var client = new DirectLineClient(factory.CreateClient());
        await client.StartAsync();
        await client.PostAsync(new { type = "message", text = "How do I reset my password?" });
        await client.WaitForAsync(a => a.ReplyToId is not null);
        var before = await client.GetActivitiesAsync();

        var store = factory.Services.GetRequiredService<SupportBot.Channels.DirectLine.DirectLineStore>();
        Assert.Equal(1, store.CachedConversations);
        // The eviction timer runs on the test clock, so moving it past the idle time evicts.
        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        store.EvictIdle(factory.Clock.GetUtcNow() - TimeSpan.FromMinutes(30));
        Assert.Equal(0, store.CachedConversations);

        var response = await client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}/activities", null, SupportBotFactory.TestSecret);
        var after = BotJson.Deserialize<ActivitySet>(await response.Content.ReadAsStringAsync());
        Assert.Equal(before.Activities.Select(a => (a.Id, a.Text)), after.Activities.Select(a => (a.Id, a.Text)));
        Assert.Equal(before.Watermark, after.Watermark);
    }

    [Fact]
    public void The_root_settings_file_linked_beside_the_binaries_is_read_under_other_sources()
    {
        var configuration = _factory.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        Assert.Equal("http://localhost:5000", configuration["Urls"]);
        // Sources added later (here the test's own settings) still win.
        Assert.Equal(SupportBotFactory.TestSecret, configuration["DirectLine:Secret"]);
    }

    [Fact]
    public async Task Readyz_answers_when_the_store_answers()
    {
        var response = await _factory.CreateClient().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stream_without_websocket_upgrade_is_400_and_healthz_is_200()
    {
        var client = NewClient();
        await client.StartAsync();
        var response = await client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}/stream");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().GetAsync("/healthz")).StatusCode);
    }

    private static string? ErrorCode(string body) => BotJson.Deserialize<ErrorResponse>(body).Error?.Code;

    private static string PadBase64(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }

    private static async Task<string> ReceiveFrameAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }
}
