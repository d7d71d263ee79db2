using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SupportBot.Benchmarks.Load;

/// The Bot Framework channel side of a load run: a loopback connector that accepts
/// POST /v3/conversations/{id}/activities[/{replyToId}], answers with an id as a channel does, counts what
/// arrives, and tells the waiting turn the moment its conversation's message reply lands.
internal sealed class ConnectorSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiting = new(StringComparer.Ordinal);
    private long _messages;
    private long _others;

    private ConnectorSink(WebApplication app) => _app = app;

    /// What the bots put in serviceUrl: replies go to {ServiceUrl}v3/conversations/...
    public string ServiceUrl { get; private set; } = string.Empty;

    public long Messages => Interlocked.Read(ref _messages);

    /// Typing indicators and anything else that is not a message.
    public long Others => Interlocked.Read(ref _others);

    public static async Task<ConnectorSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new ConnectorSink(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId?}", sink.ReceiveAsync);
        await app.StartAsync();
        sink.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return sink;
    }

    /// Completes with the Stopwatch timestamp at which the next message reply in the conversation arrived.
    public Task<long> ExpectReply(string conversationId)
        => _waiting.GetOrAdd(conversationId, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Forget(string conversationId) => _waiting.TryRemove(conversationId, out _);

    private async Task<IResult> ReceiveAsync(HttpContext context, string conversationId)
    {
        var arrived = Stopwatch.GetTimestamp();
        using var activity = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var type = activity.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "message")
        {
            Interlocked.Increment(ref _messages);
            if (_waiting.TryRemove(conversationId, out var waiter))
            {
                waiter.TrySetResult(arrived);
            }
        }
        else
        {
            Interlocked.Increment(ref _others);
        }
        return Results.Json(new { id = $"sink-{Interlocked.Read(ref _messages) + Interlocked.Read(ref _others)}" });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
