using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SupportBot.Benchmarks.Load;

/// The floor under every in-process row: the least an ASP.NET Core bot can do per turn (read the activity, post
/// one reply to its serviceUrl, answer 200), in this process beside the load generator and the sink, as SupportBot
/// runs. Whatever it cannot exceed, no in-process bot can; the gap to it is SupportBot's own work.
internal sealed class MinimalEchoBot : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });

    private MinimalEchoBot(WebApplication app) => _app = app;

    public string MessagesUrl { get; private set; } = string.Empty;

    public static async Task<MinimalEchoBot> StartAsync()
    {
        var app = LoopbackApp.Create();
        var bot = new MinimalEchoBot(app);
        app.MapPost("/api/messages", bot.ReceiveAsync);
        bot.MessagesUrl = await LoopbackApp.StartAsync(app) + "/api/messages";
        return bot;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var activity = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = activity.RootElement;
        var conversation = root.GetProperty("conversation").GetProperty("id").GetString()!;
        var reply = JsonSerializer.Serialize(new
        {
            type = "message",
            text = "echo: " + root.GetProperty("text").GetString(),
            conversation = new { id = conversation },
            replyToId = root.GetProperty("id").GetString(),
        });
        var url = $"{root.GetProperty("serviceUrl").GetString()}v3/conversations/{Uri.EscapeDataString(conversation)}/activities";
        using var response = await _http.PostAsync(url, new StringContent(reply, Encoding.UTF8, "application/json"));
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
