using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SupportBot.ScaleOutTests;

/// The Bot Framework channel's side on loopback: the connector the bot replies to (the serviceUrl of the activities
/// the test sends), keeping every message it receives.
internal sealed class ConnectorSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _next;

    private ConnectorSink(WebApplication app) => _app = app;

    public sealed record Reply(string Id, string ConversationId, string? ReplyToId, string? Text);

    public string ServiceUrl { get; private set; } = string.Empty;

    public ConcurrentQueue<Reply> Messages { get; } = new();

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

    private async Task<IResult> ReceiveAsync(HttpContext context, string conversationId)
    {
        using var activity = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = activity.RootElement;
        var id = $"sink-{Interlocked.Increment(ref _next)}";
        if (root.TryGetProperty("type", out var type) && type.GetString() == "message")
        {
            Messages.Enqueue(new Reply(
                id,
                conversationId,
                root.TryGetProperty("replyToId", out var replyTo) ? replyTo.GetString() : null,
                root.TryGetProperty("text", out var text) ? text.GetString() : null));
        }
        return Results.Json(new { id });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
