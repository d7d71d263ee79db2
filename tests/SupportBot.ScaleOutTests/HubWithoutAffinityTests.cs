using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using SupportBot.Tests.Redis;

namespace SupportBot.ScaleOutTests;

/// The agent console's hub behind a load balancer with no affinity (each TCP connection to the next instance): the
/// console's client opens one WebSocket with no negotiate request before it (as hub.js does), so it works wherever
/// that lands and hears what happens on the other instance through the Redis backplane. A client that negotiates
/// first can be split across the instances and then cannot connect: why sticky sessions were needed before.
public sealed class HubWithoutAffinityTests : IAsyncLifetime, IDisposable
{
    private const string AgentKey = "affinity-agent-key-0123456789";
    private readonly RedisServer _redis = new();
    private readonly string _schema = $"affinity_{Guid.NewGuid():N}"[..21];
    private readonly List<HostProcess> _instances = [];
    private string _postgres = string.Empty;

    public async Task InitializeAsync()
    {
        _postgres = HostProcess.SuitePostgres();
        _instances.AddRange(await HostProcess.StartSeveralAsync(2, $"{_postgres};Search Path={_schema}", _redis.ConnectionString, HostProcess.AgentSettings(AgentKey)));
    }

    [Fact]
    public async Task The_console_connects_through_a_balancer_without_affinity_and_sees_the_other_instance_queue_a_customer()
    {
        await using var balancer = new RoundRobinProxy([.. _instances.Select(instance => instance.BaseAddress)]);
        await using var console = Console(balancer);
        var queueChanges = Channel.CreateUnbounded<JsonElement>();
        console.On<JsonElement>("queueChanged", change => queueChanges.Writer.TryWrite(change));
        await console.StartAsync();
        // One connection, no negotiate request: nothing had to reach the same instance twice.
        var held = Assert.Single(balancer.Routes);

        // The console marks the agent online; the customer asks for a person on the other instance, which queues
        // them (presence is in Redis) and tells every console (the backplane).
        var other = _instances[1 - held];
        using var customer = new WebChatCustomer();
        await customer.StartAsync(other);
        await customer.SayAsync(other, "I'd like to talk to a person please");
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        JsonElement change;
        do
        {
            change = await queueChanges.Reader.ReadAsync(patience.Token);
        }
        while (change.GetProperty("conversationId").GetString() != customer.ConversationId);
        // Queued, not taken as a message: the agent connected on the other instance counts as online there.
        Assert.Equal("queued", change.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_client_that_negotiates_first_is_split_across_the_instances()
    {
        await using var balancer = new RoundRobinProxy([.. _instances.Select(instance => instance.BaseAddress)]);

        // What a negotiating client does, one step at a time: the negotiate request on a connection of its own (a
        // pooled connection may or may not be reused for the upgrade, so the test closes it to say which happens)...
        using var http = new HttpClient { BaseAddress = balancer.BaseAddress };
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/agent/hub/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("X-Api-Key", AgentKey);
        negotiate.Headers.ConnectionClose = true;
        using var negotiated = await http.SendAsync(negotiate);
        negotiated.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await negotiated.Content.ReadAsStringAsync());
        var connectionToken = body.RootElement.GetProperty("connectionToken").GetString();

        // ...then the WebSocket carrying the connection token it was given, which the balancer sends elsewhere.
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Api-Key", AgentKey);
        socket.Options.CollectHttpResponseDetails = true;
        var hub = new UriBuilder(new Uri(balancer.BaseAddress, "/agent/hub")) { Scheme = "ws", Query = $"id={connectionToken}" }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(hub, CancellationToken.None));

        // The other instance never heard of that connection.
        Assert.Equal([0, 1], balancer.Routes);
        Assert.Equal(HttpStatusCode.NotFound, socket.HttpStatusCode);
    }

    private static HubConnection Console(RoundRobinProxy balancer) => new HubConnectionBuilder()
        .WithUrl(new Uri(balancer.BaseAddress, "/agent/hub"), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
            options.Headers["X-Api-Key"] = AgentKey;
        })
        .Build();

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
