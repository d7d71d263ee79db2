using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SupportBot.Tests.Redis;

namespace SupportBot.ScaleOutTests;

/// Three instances as separate processes on one PostgreSQL and one Redis, with no affinity: a customer's token,
/// posts and stream each reach a different instance, the agent works from a third, and an instance dies in the
/// middle of the conversation. Everything said arrives, and the store holds each message and touchpoint once.
public sealed class ScaleOutTests : IAsyncLifetime, IDisposable
{
    private const string AgentKey = "scale-out-agent-key-0123456789";
    private readonly RedisServer _redis = new();
    private readonly string _schema = $"scaleout_{Guid.NewGuid():N}"[..21];
    private readonly List<HostProcess> _instances = [];
    private string _postgres = string.Empty;

    public async Task InitializeAsync()
    {
        _postgres = HostProcess.SuitePostgres();
        _instances.AddRange(await HostProcess.StartSeveralAsync(3, $"{_postgres};Search Path={_schema}", _redis.ConnectionString, new Dictionary<string, string>(HostProcess.AgentSettings(AgentKey))
        {
            // The killed instance may die holding the conversation's lock or an activity's lease: short ones let a
            // survivor go on within seconds, as KilledTurns does.
            ["Conversations:Inbox:Lease"] = "00:00:03",
            ["Conversations:Inbox:RecoveryInterval"] = "00:00:00.5",
        }));
    }

    [Fact]
    public async Task A_conversation_spread_over_three_instances_survives_losing_one()
    {
        var (a, b, c) = (_instances[0], _instances[1], _instances[2]);
        using var customer = new WebChatCustomer();
        // The agent's first call marks them online on every instance (presence is in Redis).
        await AgentAsync(c, HttpMethod.Get, "/api/agent/queue");

        await customer.StartAsync(a);
        await customer.ConnectAsync(b);
        await customer.ReceiveUntilAsync(IsFromBot);
        await customer.SayAsync(a, "I'd like to talk to a person please");
        var asked = await customer.ReceiveUntilAsync(a => Text(a) == "I'd like to talk to a person please");
        // "A person will reply here", then the place in the queue once the handoff is open.
        await customer.ReceiveUntilAsync(a => IsFromBot(a) && Sequence(a) > Sequence(asked) + 1);
        var queue = await AgentAsync(c, HttpMethod.Get, "/api/agent/queue");
        Assert.True(
            queue.GetRawText().Contains(customer.ConversationId, StringComparison.Ordinal),
            $"Not queued; the customer saw: {string.Join(" / ", customer.Received.Select(Text))}");

        await AgentAsync(c, HttpMethod.Post, $"/api/agent/conversations/{customer.ConversationId}/claim");
        await AgentAsync(c, HttpMethod.Post, $"/api/agent/conversations/{customer.ConversationId}/messages", new { text = "Hi, Dewi here. How can I help?" });
        await customer.ReceiveUntilAsync(a => Text(a) == "Hi, Dewi here. How can I help?");
        await customer.SayAsync(b, "My order never arrived");
        // Let this turn finish before the crash; turns a killed instance leaves unfinished are ScaleOutRecoveryTests'.
        await WaitForTouchpointAsync(customer.ConversationId, "My order never arrived");

        b.Kill();
        await AgentAsync(a, HttpMethod.Post, $"/api/agent/conversations/{customer.ConversationId}/messages", new { text = "I have sent a new one today." });
        await customer.ConnectAsync(c);
        await customer.ReceiveUntilAsync(a => Text(a) == "I have sent a new one today.");
        await customer.SayAsync(c, "Thank you!");
        // Its turn runs after whatever the killed instance left of the conversation, once that lease runs out.
        await WaitForTouchpointAsync(customer.ConversationId, "Thank you!");
        await AgentAsync(a, HttpMethod.Post, $"/api/agent/conversations/{customer.ConversationId}/resolve");
        await customer.ReceiveUntilAsync(a => a.TryGetProperty("attachments", out _));

        await using var store = new NpgsqlConnection($"{_postgres};Search Path={_schema}");
        var stored = (await store.QueryAsync<(long Sequence, string Json)>(
            "SELECT sequence, json FROM directline_activities WHERE conversation_id = @id ORDER BY sequence",
            new { id = customer.ConversationId })).ToList();
        var storedIds = stored.Select(row => JsonDocument.Parse(row.Json).RootElement.GetProperty("id").GetString()).ToList();
        // The two streams together delivered the stored log: each activity once, in order, none lost in the kill.
        Assert.Equal(storedIds.Take(customer.Received.Count), customer.Received.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(row => row.Sequence));
        var texts = stored.Select(row => Text(JsonDocument.Parse(row.Json).RootElement)).ToList();
        foreach (var said in new[] { "I'd like to talk to a person please", "My order never arrived", "Thank you!", "Hi, Dewi here. How can I help?", "I have sent a new one today." })
        {
            Assert.Single(texts, t => t == said);
        }

        var touchpoints = (await store.QueryAsync<(string Kind, string? Text)>(
            "SELECT kind, text FROM touchpoints WHERE conversation_id = @id", new { id = customer.ConversationId })).ToList();
        Assert.Equal(
            ["I'd like to talk to a person please", "My order never arrived", "Thank you!"],
            touchpoints.Where(t => t.Kind == "customer_message").Select(t => t.Text).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["Hi, Dewi here. How can I help?", "I have sent a new one today."],
            touchpoints.Where(t => t.Kind == "agent_reply").Select(t => t.Text).Order(StringComparer.Ordinal));
        Assert.Single(touchpoints, t => t.Kind == "queued");
        Assert.Single(touchpoints, t => t.Kind == "claimed");
        Assert.Single(touchpoints, t => t.Kind == "resolution");
    }

    private async Task WaitForTouchpointAsync(string conversationId, string text)
    {
        await using var store = new NpgsqlConnection($"{_postgres};Search Path={_schema}");
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await store.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM touchpoints WHERE conversation_id = @conversationId AND text = @text)", new { conversationId, text }))
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No touchpoint for \"{text}\" within 10 s.");
    }

    private static bool IsFromBot(JsonElement activity) =>
        activity.TryGetProperty("from", out var from) && from.TryGetProperty("role", out var role) && role.GetString() == "bot";

    private static string? Text(JsonElement activity) => activity.TryGetProperty("text", out var text) ? text.GetString() : null;

    private static int Sequence(JsonElement activity) =>
        int.Parse(activity.GetProperty("id").GetString()!.Split('|')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<JsonElement> AgentAsync(HostProcess instance, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", AgentKey);
        using var response = await instance.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} on {instance.BaseAddress}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _redis.Dispose();

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        if (_postgres.Length > 0)
        {
            await using var connection = new NpgsqlConnection(_postgres);
            await connection.ExecuteAsync($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        }
    }
}
