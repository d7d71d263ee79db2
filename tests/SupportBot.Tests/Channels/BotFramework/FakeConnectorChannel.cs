using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels.BotFramework;

/// A Bot Framework channel on loopback, speaking the connector REST API as Teams and Azure Bot Service do:
/// it assigns activity ids, records every call with its raw path and headers, and answers with the faults a
/// real channel produces (429 with Retry-After, 5xx, slow responses, outages). It also serves the OAuth
/// token endpoint and the managed identity endpoint the bot's outbound token comes from.
public sealed class FakeConnectorChannel : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Fault> _faults = new();
    private int _nextId;
    private int _nextToken;

    private FakeConnectorChannel(WebApplication app) => _app = app;

    public sealed record ConnectorCall(string Method, string RawTarget, string? Authorization, string? ConversationHeader, string Body, int Status, string Response = "")
    {
        public Activity? Activity => Body.Length > 0 && Body.TrimStart().StartsWith('{') && Body.Contains("\"type\"", StringComparison.Ordinal) ? BotJson.Deserialize<Activity>(Body) : null;
    }

    public sealed record Fault(int Status, TimeSpan? RetryAfter = null, TimeSpan? Delay = null, string? ErrorCode = null);

    /// Every connector call that reached the channel, including the ones it failed.
    public ConcurrentQueue<ConnectorCall> Calls { get; } = new();

    /// Every token request (form or query), in order.
    public ConcurrentQueue<string> TokenRequests { get; } = new();

    public string ServiceUrl { get; private set; } = string.Empty;

    /// Teams' streaming rules, applied to every activity that belongs to a stream.
    public FakeTeamsStreams Streams { get; } = new();

    /// The bytes of every inline image the channel serves.
    public byte[] InlineImage { get; } = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 9, 9, 9];

    /// When true every connector call fails with 503, as a channel outage would.
    public bool Down { get; set; }

    /// When set, a member lookup (GET .../members/{id}) is answered with this status instead, after MemberDelay.
    public int? MemberStatus { get; set; }

    public TimeSpan MemberDelay { get; set; }

    /// The token the endpoint will issue next has this lifetime.
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// Calls the channel accepted (2xx), in arrival order.
    public IReadOnlyList<ConnectorCall> Delivered => [.. Calls.Where(c => c.Status is >= 200 and < 300)];

    public static async Task<FakeConnectorChannel> StartAsync()
    {
        var app = LoopbackWebApp.Create();
        var channel = new FakeConnectorChannel(app);
        app.Run(channel.HandleAsync);
        channel.ServiceUrl = await app.StartOnLoopbackAsync() + "/";
        return channel;
    }

    /// The next connector calls answer with these faults, one each, before the channel behaves again.
    public void Fail(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        if (request.Path.StartsWithSegments("/msi", StringComparison.Ordinal) || request.Path.Value!.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            TokenRequests.Enqueue(request.Path.StartsWithSegments("/msi", StringComparison.Ordinal) ? $"{rawTarget} Metadata={request.Headers["Metadata"]}" : body);
            await context.Response.WriteAsJsonAsync(new
            {
                token_type = "Bearer",
                access_token = $"token-{Interlocked.Increment(ref _nextToken)}",
                expires_in = request.Path.StartsWithSegments("/msi", StringComparison.Ordinal) ? (object)TokenLifetimeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) : TokenLifetimeSeconds,
            });
            return;
        }

        // An inline image a customer pasted: Teams serves it under the channel's own host, to the bot's token.
        if (request.Method == "GET" && request.Path.StartsWithSegments("/v3/attachments", StringComparison.Ordinal))
        {
            Calls.Enqueue(new ConnectorCall(request.Method, rawTarget, request.Headers.Authorization, null, body, 200));
            context.Response.ContentType = "image/png";
            await context.Response.Body.WriteAsync(InlineImage);
            return;
        }

        if (request.Method == "GET" && request.Path.Value!.Contains("/members/", StringComparison.Ordinal) && (MemberStatus is not null || MemberDelay > TimeSpan.Zero))
        {
            await Task.Delay(MemberDelay, context.RequestAborted);
            if (MemberStatus is { } memberStatus)
            {
                Calls.Enqueue(new ConnectorCall(request.Method, rawTarget, request.Headers.Authorization, null, body, memberStatus));
                context.Response.StatusCode = memberStatus;
                await context.Response.WriteAsync(BotJson.Serialize(ErrorResponse.Create(memberStatus == 403 ? "BotNotInConversationRoster" : "MemberNotFound", $"Simulated {memberStatus}")));
                return;
            }
        }

        var status = 200;
        if (Down)
        {
            status = 503;
        }
        else if (_faults.TryDequeue(out var fault))
        {
            if (fault.Delay is { } delay)
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            status = fault.Status;
            if (fault.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            if (status >= 400)
            {
                Calls.Enqueue(new ConnectorCall(request.Method, rawTarget, request.Headers.Authorization, request.Headers["x-ms-conversation-id"], body, status));
                context.Response.StatusCode = status;
                await context.Response.WriteAsync(BotJson.Serialize(ErrorResponse.Create(fault.ErrorCode ?? "ServiceError", $"Simulated {status}")));
                return;
            }
        }
        if (status == 200 && Streams.Judge(request.Method, body) is { } verdict)
        {
            Calls.Enqueue(new ConnectorCall(request.Method, rawTarget, request.Headers.Authorization, request.Headers["x-ms-conversation-id"], body, verdict.Status, verdict.Body));
            context.Response.StatusCode = verdict.Status;
            await context.Response.WriteAsync(verdict.Body);
            return;
        }
        var response = status >= 400 ? BotJson.Serialize(ErrorResponse.Create("ServiceUnavailable", "Simulated outage")) : ResponseBody(request.Method, request.Path.Value!);
        Calls.Enqueue(new ConnectorCall(request.Method, rawTarget, request.Headers.Authorization, request.Headers["x-ms-conversation-id"], body, status, response));
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(response);
    }

    private string ResponseBody(string method, string path)
    {
        if (method == "GET" && path.EndsWith("/pagedmembers", StringComparison.Ordinal))
        {
            return JsonSerializer.Serialize(new { members = new[] { new { id = "29:member-1", name = "Megan" } }, continuationToken = "next" });
        }
        if (method == "GET" && path.Contains("/members/", StringComparison.Ordinal))
        {
            // One member, as Teams answers it (TeamsChannelAccount).
            return JsonSerializer.Serialize(new { id = "29:member-1", name = "Megan Bowen", aadObjectId = "7faf8ab2-3d56-4244-b585-20c8a42ed2b8", email = "meganb@contoso.com", userPrincipalName = "meganb@contoso.com", tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47" });
        }
        if (method == "GET")
        {
            return JsonSerializer.Serialize(new[] { new { id = "29:member-1", name = "Megan" }, new { id = "28:bot", name = "SupportBot" } });
        }
        if (method == "DELETE")
        {
            return string.Empty;
        }
        if (method == "POST" && path == "/v3/conversations")
        {
            return JsonSerializer.Serialize(new { id = "a:new-conversation", activityId = $"{Interlocked.Increment(ref _nextId)}" });
        }
        return JsonSerializer.Serialize(new { id = $"{1700000000000 + Interlocked.Increment(ref _nextId)}" });
    }
}
