using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.Tests.Agents;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Redis;

/// A revoked Direct Line token is refused by every instance from the next request on, on REST and on the
/// WebSocket: with Redis (the list lives there) and without it (the list lives in the store both instances share).
public sealed class TokenRevocationTests : IDisposable
{
    private readonly RedisServer _redis = new();
    private readonly TestStore _store = new();
    private readonly List<AgentHost> _hosts = [];

    private (AgentHost First, AgentHost Second) Instances(bool withRedis)
    {
        var settings = new Dictionary<string, string>
        {
            ["DirectLine:TokenSigningKey"] = "shared-signing-key-for-every-instance-0123456789",
        };
        if (withRedis)
        {
            settings["Redis:ConnectionString"] = _redis.ConnectionString;
        }
        var first = new AgentHost(_store, settings);
        var second = new AgentHost(_store, settings);
        _hosts.AddRange([first, second]);
        return (first, second);
    }

    private static async Task AssertRevokedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        Assert.Equal("TokenRevoked", problem.GetProperty("error").GetProperty("code").GetString());
    }

    private static DirectLineClient On(AgentHost host, DirectLineClient customer)
    {
        var client = new DirectLineClient(host.Factory.CreateClient());
        client.Adopt(customer);
        return client;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_token_revoked_on_one_instance_is_refused_on_the_other_and_cannot_be_refreshed(bool withRedis)
    {
        var logs = new CapturedLogs();
        var (first, second) = Instances(withRedis);
        var customer = await first.CustomerAsync();
        var bystander = await second.CustomerAsync();
        var onSecond = new DirectLineClient(logs.Attach(second.Factory).CreateClient());
        onSecond.Adopt(customer);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{customer.ConversationId}/activities")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await customer.SendAsync(HttpMethod.Post, "/v3/directline/tokens/revoke")).StatusCode);

        await AssertRevokedAsync(await onSecond.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{customer.ConversationId}/activities"));
        await AssertRevokedAsync(await onSecond.PostAsync(new { type = "message", from = new { id = "customer" }, text = "still there?" }));
        await AssertRevokedAsync(await onSecond.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh"));
        await AssertRevokedAsync(await customer.SendAsync(HttpMethod.Post, "/v3/directline/conversations"));
        // Revoking again is no error (RFC 7009), and other conversations are untouched.
        Assert.Equal(HttpStatusCode.OK, (await onSecond.SendAsync(HttpMethod.Post, "/v3/directline/tokens/revoke")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bystander.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{bystander.ConversationId}/activities")).StatusCode);
        Assert.True(logs.Contains($"Refused a Direct Line request: revoked token of conversation {customer.ConversationId}"));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(customer.Token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_supervisor_ending_a_conversation_revokes_its_tokens_and_closes_its_stream(bool withRedis)
    {
        var (first, second) = Instances(withRedis);
        var customer = await first.CustomerAsync();
        // Refreshed: the old token and the new one are both the conversation's, and both end with it.
        var refreshed = await customer.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh");
        var newToken = BotJson.Deserialize<DirectLineConversation>(await refreshed.Content.ReadAsStringAsync()).Token!;
        // Without Redis there is one instance to hold the socket; with it, the socket is on the other instance.
        var socketHost = withRedis ? second : first;
        using var socket = await socketHost.Factory.Server.CreateWebSocketClient().ConnectAsync(
            new Uri(socketHost.Factory.Server.BaseAddress, $"/v3/directline/conversations/{customer.ConversationId}/stream?t={Uri.EscapeDataString(newToken)}"), CancellationToken.None);

        using var supervisor = first.Factory.CreateClient();
        supervisor.DefaultRequestHeaders.Add("X-Api-Key", AgentHost.SupervisorKey);
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.PostAsync($"/api/agent/conversations/{customer.ConversationId}/end", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsync("/api/agent/conversations/no-such-conversation/end", null)).StatusCode);

        Assert.Equal(WebSocketMessageType.Close, await ReceiveUntilCloseAsync(socket));
        await AssertRevokedAsync(await On(second, customer).SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{customer.ConversationId}/activities"));
        await AssertRevokedAsync(await customer.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{customer.ConversationId}/activities", credential: newToken));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Erasing_a_customer_revokes_the_tokens_of_their_conversations(bool withRedis)
    {
        var (first, second) = Instances(withRedis);
        var customer = await first.CustomerAsync();
        await first.SayAsync(customer, "How do I reset my password?");
        var onSecond = On(second, customer);

        using var supervisor = first.Factory.CreateClient();
        supervisor.DefaultRequestHeaders.Add("X-Api-Key", AgentHost.SupervisorKey);
        var customerId = (await first.Factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(customer.ConversationId))
            .First(t => t.Kind == TouchpointKind.CustomerMessage).CustomerId;
        var erased = await supervisor.DeleteAsync($"/api/customers/{customerId}");
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);

        // Without revocation the token would start its erased conversation afresh.
        await AssertRevokedAsync(await onSecond.SendAsync(HttpMethod.Post, "/v3/directline/conversations"));
        await AssertRevokedAsync(await onSecond.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh"));
    }

    private static async Task<WebSocketMessageType> ReceiveUntilCloseAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return result.MessageType;
            }
        }
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
        _store.Dispose();
        _redis.Dispose();
    }
}
