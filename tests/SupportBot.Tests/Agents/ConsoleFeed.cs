using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using SupportBot.Agents;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Agents;

/// A console's connection to /agent/hub, keeping every event it is sent in order.
internal sealed class ConsoleFeed : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly string[] Events =
    [
        HandoffNotifier.QueueChanged, HandoffNotifier.CustomerMessage, HandoffNotifier.CustomerTyping, HandoffNotifier.AgentMessage,
        HandoffNotifier.AgentNote, HandoffNotifier.Mentioned,
    ];

    private readonly Channel<(string Event, JsonElement Payload)> _received = Channel.CreateUnbounded<(string, JsonElement)>();

    private ConsoleFeed(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// The events NextAsync passed over, in the order they came.
    public List<(string Event, JsonElement Payload)> PassedOver { get; } = [];

    public static HubConnection Build(SupportBotFactory factory, string? apiKey) => new HubConnectionBuilder()
        .WithUrl(new Uri(factory.Server.BaseAddress, AgentHub.Path), options =>
        {
            // The test server speaks HTTP only: long polling carries the hub's frames.
            options.Transports = HttpTransportType.LongPolling;
            options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            if (apiKey is not null)
            {
                options.Headers[ApiKeyAuthentication.Header] = apiKey;
            }
        })
        .Build();

    public static async Task<ConsoleFeed> ConnectAsync(SupportBotFactory factory, string apiKey)
    {
        var feed = new ConsoleFeed(Build(factory, apiKey));
        foreach (var name in Events)
        {
            feed.Connection.On<JsonElement>(name, payload => feed._received.Writer.TryWrite((name, payload)));
        }
        await feed.Connection.StartAsync();
        return feed;
    }

    /// The next event of that name about the conversation; the events before it go to PassedOver.
    public async Task<JsonElement> NextAsync(string name, string conversationId, Func<JsonElement, bool>? matching = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var (received, payload) = await _received.Reader.ReadAsync(timeout.Token);
            if (received == name && payload.GetProperty("conversationId").GetString() == conversationId && (matching?.Invoke(payload) ?? true))
            {
                return payload;
            }
            PassedOver.Add((received, payload));
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
