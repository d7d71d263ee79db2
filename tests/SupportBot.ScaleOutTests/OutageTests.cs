using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SupportBot.Tests.Redis;

namespace SupportBot.ScaleOutTests;

/// Two instances on a PostgreSQL server and a Redis of the test's own, which the test stops and starts again.
/// While the store is down, requests that need it are refused at once with 503, Retry-After and a problem body
/// (nothing is acknowledged that was not kept), and everything works again once it is back, without a restart.
public sealed class OutageTests : IAsyncLifetime, IDisposable
{
    private const string AgentKey = "outage-agent-key-0123456789";
    private readonly RedisServer _redis = new();
    private readonly List<HostProcess> _instances = [];
    private PostgresCluster? _postgres;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresCluster.CreateAsync();
        _instances.AddRange(await HostProcess.StartSeveralAsync(2, _postgres.ConnectionString, _redis.ConnectionString, HostProcess.AgentSettings(AgentKey)));
    }

    [Fact]
    public async Task Requests_get_503_while_PostgreSQL_is_down_and_the_conversation_continues_once_it_is_back()
    {
        var (a, b) = (_instances[0], _instances[1]);
        using var customer = new WebChatCustomer();
        await customer.StartAsync(a);
        await customer.ConnectAsync(b);
        await customer.ReceiveUntilAsync(IsFromBot);
        Assert.Equal(HttpStatusCode.OK, (await AgentAsync(a, "/api/agent/queue")).Status);

        await _postgres!.StopAsync();

        AssertUnavailable(await customer.TrySayAsync(a, "Where is my order?"));
        AssertUnavailable(await BotMessageAsync(a, "Where is my order?"));
        AssertUnavailable(await AgentAsync(a, "/api/agent/queue"));
        AssertUnavailable(await AgentAsync(b, "/api/agent/queue"));
        // Once the outage is known, the same requests are refused before reaching for the store.
        AssertUnavailable(await customer.TrySayAsync(b, "Where is my order?"));
        AssertUnavailable(await BotMessageAsync(b, "Where is my order?"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(a, "/readyz"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(a, "/healthz"));

        await _postgres.StartAsync();
        await WaitForReadinessAsync(a, HttpStatusCode.OK);
        await WaitForReadinessAsync(b, HttpStatusCode.OK);

        var queue = await AgentAsync(b, "/api/agent/queue");
        Assert.True(queue.Status == HttpStatusCode.OK, queue.Body);
        var replies = await BotMessageAsync(a, "Where is my order?");
        Assert.True(replies.Status == HttpStatusCode.OK, replies.Body);
        Assert.Contains("\"activities\"", replies.Body, StringComparison.Ordinal);
        // The customer sends again what was refused; the bot answers on the stream held by the other instance.
        var id = await customer.SayAsync(a, "Where is my order?");
        await customer.ReceiveUntilAsync(activity => IsFromBot(activity) && ReplyTo(activity) == id);

        await using var store = new NpgsqlConnection(_postgres.ConnectionString);
        var touchpoints = await store.QueryAsync<string>(
            "SELECT kind FROM touchpoints WHERE conversation_id = @id AND text = @text", new { id = customer.ConversationId, text = "Where is my order?" });
        Assert.Equal(["customer_message"], touchpoints);

        // One line when the outage is found and one when it ends, however many requests were refused.
        Assert.Equal(1, Count(a.Output, "does not answer; requests that need it are refused with 503"));
        Assert.Equal(1, Count(a.Output, "answers again after"));
        Assert.Equal(0, Count(a.Output, "An unhandled exception has occurred"));
    }

    [Fact]
    public async Task Conversations_go_on_while_Redis_is_down_and_streams_catch_up_once_it_is_back()
    {
        var (a, b) = (_instances[0], _instances[1]);
        using var customer = new WebChatCustomer();
        await customer.StartAsync(a);
        await customer.ConnectAsync(b);
        await customer.ReceiveUntilAsync(IsFromBot);

        _redis.Stop();
        await WaitForReadinessAsync(a, HttpStatusCode.ServiceUnavailable);
        await WaitForReadinessAsync(b, HttpStatusCode.ServiceUnavailable);

        // What needs only the store goes on: the message is stored and answered, the agent API answers.
        var asked = await customer.SayAsync(a, "Where is my order?");
        var queue = await AgentAsync(a, "/api/agent/queue");
        Assert.True(queue.Status == HttpStatusCode.OK, queue.Body);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(b, "/healthz"));

        _redis.Start();
        await WaitForReadinessAsync(a, HttpStatusCode.OK);
        await WaitForReadinessAsync(b, HttpStatusCode.OK);
        // The stream on the other instance missed the notices while Redis was down; it catches up from the store.
        await customer.ReceiveUntilAsync(activity => Text(activity) == "Where is my order?");
        await customer.ReceiveUntilAsync(activity => IsFromBot(activity) && ReplyTo(activity) == asked);

        // Presence is shared again: the agent works on one instance, the customer's escalation is decided on the other.
        Assert.Equal(HttpStatusCode.OK, (await AgentAsync(a, "/api/agent/queue")).Status);
        var escalation = await customer.SayAsync(b, "I'd like to talk to a person please");
        await customer.ReceiveUntilAsync(activity => IsFromBot(activity) && ReplyTo(activity) == escalation);
        var waiting = await WaitForQueueAsync(a, customer.ConversationId);
        Assert.Contains(customer.ConversationId, waiting, StringComparison.Ordinal);

        Assert.Equal(1, Count(b.Output, "Lost the connection to Redis"));
        Assert.Equal(0, Count(b.Output, "An unhandled exception has occurred"));
    }

    private static async Task<string> WaitForQueueAsync(HostProcess instance, string conversationId)
    {
        var queue = await AgentAsync(instance, "/api/agent/queue");
        for (var attempt = 0; attempt < 100 && !queue.Body.Contains(conversationId, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
            queue = await AgentAsync(instance, "/api/agent/queue");
        }
        return queue.Body;
    }

    private static string? Text(JsonElement activity) => activity.TryGetProperty("text", out var text) ? text.GetString() : null;

    private static string? ReplyTo(JsonElement activity) => activity.TryGetProperty("replyToId", out var to) ? to.GetString() : null;

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static void AssertUnavailable(Reply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.ServiceUnavailable, $"{(int)reply.Status}: {reply.Body}");
        Assert.Equal("5", reply.RetryAfter);
        Assert.Equal("application/problem+json", reply.ContentType);
        using var problem = JsonDocument.Parse(reply.Body);
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Service unavailable", problem.RootElement.GetProperty("title").GetString());
    }

    private static async Task WaitForReadinessAsync(HostProcess instance, HttpStatusCode readiness)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await StatusAsync(instance, "/readyz") == readiness)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{instance.BaseAddress}/readyz did not answer {(int)readiness} within 30 s:\n{instance.Output}");
    }

    private static async Task<HttpStatusCode> StatusAsync(HostProcess instance, string path)
    {
        using var response = await instance.Http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }

    private static async Task<Reply> AgentAsync(HostProcess instance, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Api-Key", AgentKey);
        return await Reply.ReadAsync(await instance.Http.SendAsync(request));
    }

    // A Bot Framework channel's message with expectReplies: the bot's answer comes back in the response.
    private static async Task<Reply> BotMessageAsync(HostProcess instance, string text)
    {
        var activity = new
        {
            type = "message",
            id = Guid.NewGuid().ToString("N"),
            channelId = "emulator",
            serviceUrl = "http://127.0.0.1:9/",
            deliveryMode = "expectReplies",
            from = new { id = "outage-customer", name = "Customer" },
            recipient = new { id = "supportbot", name = "SupportBot" },
            conversation = new { id = "outage-conversation" },
            text,
        };
        return await Reply.ReadAsync(await instance.Http.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), activity));
    }

    private static bool IsFromBot(JsonElement activity) =>
        activity.TryGetProperty("from", out var from) && from.TryGetProperty("role", out var role) && role.GetString() == "bot";

    public void Dispose() => _redis.Dispose();

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

/// What a request got: status, body and the headers an outage answer carries.
internal sealed record Reply(HttpStatusCode Status, string Body, string? RetryAfter, string? ContentType)
{
    public static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return new Reply(
                response.StatusCode,
                await response.Content.ReadAsStringAsync(),
                response.Headers.RetryAfter?.ToString(),
                response.Content.Headers.ContentType?.MediaType);
        }
    }
}
