using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SupportBot.Benchmarks.Load;

/// How the sink treats one POST when it injects faults: as a channel that is down (500), throttling (429 with
/// Retry-After), slow but within the bot's timeout, slower than the bot waits, or cutting the connection.
/// A faulted POST is never counted as delivered, so the bot must send it again.
internal enum SinkFault
{
    None,
    ServerError,
    Throttled,
    Throttled2s,
    Slow,
    TooSlow,
    Dropped,
}

/// The Bot Framework channel side of a load, soak or scale-out run: a loopback connector that accepts
/// POST /v3/conversations/{id}/activities[/{replyToId}], answers with an id as a channel does, counts what
/// arrives, and tells the waiting turn the moment its conversation's message reply lands.
internal sealed class ConnectorSink : IAsyncDisposable
{
    private static readonly TimeSpan TooSlowCap = TimeSpan.FromSeconds(30);
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiting = new(StringComparer.Ordinal);
    private long _messages;
    private long _others;
    private long _ids;

    private ConnectorSink(WebApplication app) => _app = app;

    /// What the bots put in serviceUrl: replies go to {ServiceUrl}v3/conversations/...
    public string ServiceUrl { get; private set; } = string.Empty;

    public long Messages => Interlocked.Read(ref _messages);

    /// Typing indicators and anything else that is not a message.
    public long Others => Interlocked.Read(ref _others);

    /// Chooses the fault for each POST (soak runs); null accepts everything.
    public Func<SinkFault>? FaultPicker { get; set; }

    /// Called with every activity the sink accepted (the document lives only for the call) and the id it answered
    /// with, which the bot logs as its reply's id.
    public Action<string, JsonElement, string>? OnAccepted { get; set; }

    /// Called with every activity the sink refused, and the fault it got.
    public Action<string, JsonElement, SinkFault>? OnFaulted { get; set; }

    public static async Task<ConnectorSink> StartAsync()
    {
        var app = LoopbackApp.Create();
        var sink = new ConnectorSink(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId?}", sink.ReceiveAsync);
        sink.ServiceUrl = await LoopbackApp.StartAsync(app) + "/";
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
        if (FaultPicker?.Invoke() is { } fault && fault != SinkFault.None)
        {
            if (await FaultAsync(context, fault) is { } refused)
            {
                OnFaulted?.Invoke(conversationId, activity.RootElement, fault);
                return refused;
            }
        }
        var id = $"sink-{Interlocked.Increment(ref _ids)}";
        OnAccepted?.Invoke(conversationId, activity.RootElement, id);
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
        return Results.Json(new { id });
    }

    // The refusal to answer with, or null when the POST goes through after all (slow, but within the bot's timeout).
    private static async Task<IResult?> FaultAsync(HttpContext context, SinkFault fault)
    {
        switch (fault)
        {
            case SinkFault.ServerError:
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            case SinkFault.Throttled or SinkFault.Throttled2s:
                context.Response.Headers.RetryAfter = fault == SinkFault.Throttled ? "1" : "2";
                return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            case SinkFault.Slow:
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(200, 700)), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return Results.Empty;
                }
                // Past the bot's timeout after all (a starved machine): the bot saw a failure, so this is not a delivery.
                return context.RequestAborted.IsCancellationRequested ? Results.Empty : null;
            case SinkFault.TooSlow:
                try
                {
                    await Task.Delay(TooSlowCap, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
                return Results.StatusCode(StatusCodes.Status504GatewayTimeout);
            default:
                context.Abort();
                return Results.Empty;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
