using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SupportBot.FakeOpenAi;

/// An OpenAI-compatible server on loopback speaking the real wire format: chat completions (JSON, or SSE
/// chunks ending in a usage chunk and [DONE] when "stream" is true) and embeddings. What it answers comes from a
/// responder the test sets; it can fail the next requests with 429 (Retry-After), 5xx, a slow answer or a body that
/// is not JSON, either queued (FailNext) or chosen per request (FaultPicker).
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    public const string ApiKey = "sk-test-key";
    public const int EmbeddingDimensions = 64;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Fault> _faults = new();

    private FakeOpenAiServer(WebApplication app) => _app = app;

    /// Status 200 with a delay is a slow answer; Malformed answers 200 with a body cut off mid-JSON.
    public sealed record Fault(int Status, TimeSpan? RetryAfter = null, TimeSpan? Delay = null, bool Malformed = false);

    public sealed record RecordedRequest(string Path, IReadOnlyDictionary<string, string> Headers, JsonObject Body)
    {
        public string? Authorization => Headers.GetValueOrDefault("Authorization");

        public IReadOnlyList<(string Role, string Content)> Messages => Body["messages"] is JsonArray messages
            ? [.. messages.Select(m => (m!["role"]!.GetValue<string>(), m["content"]?.GetValue<string>() ?? string.Empty))]
            : [];

        public string AllText => string.Join("\n", Messages.Select(m => m.Content));
    }

    /// The base URL clients configure, e.g. http://127.0.0.1:PORT/v1.
    public string Endpoint { get; private set; } = string.Empty;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// Off for long runs: every request kept would grow the process that measures memory.
    public bool KeepRequests { get; set; } = true;

    /// The Authorization header every request must carry, or the answer is 401 as from the real service.
    public string ExpectedAuthorization { get; set; } = $"Bearer {ApiKey}";

    /// Returns the assistant's reply for a chat request; by default a fixed sentence.
    public Func<RecordedRequest, string> Responder { get; set; } = _ => "This is the fake model's answer.";

    /// How long the server waits between streamed pieces, as a model writing at its own pace does.
    public TimeSpan PieceDelay { get; set; }

    /// How long the server waits before it answers any chat request, as a model's time to first token.
    public TimeSpan ResponseDelay { get; set; }

    /// When set, every chat request fails with this status, as an outage would.
    public int? DownWith { get; set; }

    /// When set, every embeddings request fails with this status while chat goes on working.
    public int? EmbeddingsDownWith { get; set; }

    /// Returns the vector of one input text; by default a bag of words (Embed).
    public Func<string, float[]> Embedder { get; set; } = Embed;

    public int ChatRequests => Requests.Count(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));

    public int EmbeddingRequests => Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal));

    /// Every text sent to be embedded, in order, across requests (failed ones included).
    public IReadOnlyList<string> EmbeddedTexts => [.. Requests.Where(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)).SelectMany(r => Inputs(r.Body))];

    /// Chooses a fault for a request when none is queued; null (or no picker) answers normally.
    public Func<RecordedRequest, Fault?>? FaultPicker { get; set; }

    public void FailNext(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    /// The Authorization headers accepted, when set; otherwise exactly ExpectedAuthorization (a credential's tokens
    /// are not known before it fetches them).
    public Func<string?, bool>? AcceptAuthorization { get; set; }

    /// Where the API lives: "/v1" as OpenAI's, "/openai/v1" as Azure OpenAI's v1 API.
    public string ApiPath { get; private set; } = "/v1";

    /// Plain HTTP, or HTTPS with the given certificate (bearer tokens from a credential are only sent over TLS).
    public static async Task<FakeOpenAiServer> StartAsync(X509Certificate2? certificate = null, string apiPath = "/v1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (certificate is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        }
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app) { ApiPath = apiPath };
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = address.TrimEnd('/') + apiPath;
        return server;
    }

    /// A certificate for 127.0.0.1 that lives as long as a test run; clients trust it by thumbprint.
    public static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(context.Request.Path, headers, body);
        if (KeepRequests)
        {
            Requests.Enqueue(request);
        }

        if (!(AcceptAuthorization?.Invoke(request.Authorization) ?? request.Authorization == ExpectedAuthorization))
        {
            await Error(context, 401, "invalid_api_key", "Incorrect API key provided.");
            return;
        }
        if (_faults.TryDequeue(out var fault) || (fault = FaultPicker?.Invoke(request)) is not null)
        {
            if (fault.Delay is { } delay)
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            if (fault.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            if (fault.Status != 200)
            {
                await Error(context, fault.Status, fault.Status == 429 ? "rate_limit_exceeded" : "server_error", "Injected fault.");
                return;
            }
            if (fault.Malformed)
            {
                // What a proxy that cut the connection short, or a confused server, hands back.
                var stream = body["stream"]?.GetValue<bool>() == true;
                context.Response.ContentType = stream ? "text/event-stream" : "application/json";
                await context.Response.WriteAsync(stream ? "data: {\"id\": \"chatcmpl-cut\", \"choices\": [{\"delta\": {\"content\": \"Half\n\n" : "{\"id\": \"chatcmpl-cut\", \"choices\": [{\"message\": ");
                return;
            }
        }
        // The routes below are OpenAI's; Azure's v1 API has the same ones under its own prefix.
        var path = context.Request.Path.Value!.StartsWith(ApiPath + "/", StringComparison.Ordinal) ? "/v1" + context.Request.Path.Value[ApiPath.Length..] : context.Request.Path.Value;
        if (ResponseDelay > TimeSpan.Zero && path == "/v1/chat/completions")
        {
            await Task.Delay(ResponseDelay, context.RequestAborted);
        }
        switch (path)
        {
            case "/v1/chat/completions" when DownWith is { } status:
                await Error(context, status, "server_error", "The server is down.");
                break;
            case "/v1/chat/completions" when body["stream"]?.GetValue<bool>() == true:
                await StreamAsync(context, request);
                break;
            case "/v1/chat/completions":
                await CompleteAsync(context, request);
                break;
            case "/v1/embeddings" when EmbeddingsDownWith is { } status:
                await Error(context, status, "server_error", "The embedding server is down.");
                break;
            case "/v1/embeddings":
                await EmbedAsync(context, body);
                break;
            default:
                await Error(context, 404, "not_found", "Unknown path.");
                break;
        }
    }

    private async Task CompleteAsync(HttpContext context, RecordedRequest request)
    {
        var content = Responder(request);
        var response = new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = request.Body["model"]?.GetValue<string>(),
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = Usage(request, content),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString());
    }

    private async Task StreamAsync(HttpContext context, RecordedRequest request)
    {
        var content = Responder(request);
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var model = request.Body["model"]?.GetValue<string>();
        context.Response.ContentType = "text/event-stream";
        async Task Send(JsonObject delta, string? finish, JsonObject? usage = null, bool noChoices = false)
        {
            var chunk = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["model"] = model,
                ["choices"] = noChoices ? new JsonArray() : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
            };
            if (usage is not null)
            {
                chunk["usage"] = usage;
            }
            await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n");
            await context.Response.Body.FlushAsync();
        }
        await Send(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null);
        foreach (var piece in Pieces(content))
        {
            await Task.Delay(PieceDelay);
            await Send(new JsonObject { ["content"] = piece }, null);
        }
        await Send([], "stop");
        await Send([], null, Usage(request, content), noChoices: true);
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static List<string> Inputs(JsonObject body) => body["input"] switch
    {
        JsonArray array => [.. array.Select(i => i!.GetValue<string>())],
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    private async Task EmbedAsync(HttpContext context, JsonObject body)
    {
        var inputs = Inputs(body);
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = new JsonArray([.. Embedder(inputs[i]).Select(v => (JsonNode)v)]) });
        }
        var response = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = body["model"]?.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = inputs.Sum(Tokens), ["total_tokens"] = inputs.Sum(Tokens) },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString());
    }

    /// A deterministic bag-of-words vector: texts sharing words point the same way.
    public static float[] Embed(string text)
    {
        var vector = new float[EmbeddingDimensions];
        foreach (var word in text.ToLowerInvariant().Split([' ', '.', ',', '?', '!', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            vector[(int)((uint)StableHash(word) % EmbeddingDimensions)] += 1;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : [.. vector.Select(v => v / norm)];
    }

    private static int StableHash(string word)
    {
        var hash = 17;
        foreach (var c in word)
        {
            hash = unchecked((hash * 31) + c);
        }
        return hash;
    }

    private static IEnumerable<string> Pieces(string content)
    {
        for (var i = 0; i < content.Length; i += 8)
        {
            yield return content.Substring(i, Math.Min(8, content.Length - i));
        }
    }

    private static JsonObject Usage(RecordedRequest request, string content)
    {
        var prompt = Tokens(request.AllText);
        var completion = Tokens(content);
        return new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion };
    }

    private static int Tokens(string text) => Math.Max(1, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);

    private static async Task Error(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { message, type = code, code } }));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
