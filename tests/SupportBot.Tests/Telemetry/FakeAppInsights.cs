using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Telemetry;

/// Application Insights' ingestion endpoint (Breeze, POST /v2.1/track) on loopback: it takes the exporter's gzipped
/// newline-delimited telemetry items, keeps them, and answers with the service's "all accepted" body.
public sealed class FakeAppInsights : IAsyncDisposable
{
    public const string InstrumentationKey = "00000000-0000-4000-8000-000000000028";
    private readonly WebApplication _app;

    private FakeAppInsights(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonElement> Items { get; } = new();

    public string ConnectionString { get; private set; } = string.Empty;

    public static async Task<FakeAppInsights> StartAsync()
    {
        var app = LoopbackWebApp.Create();
        var fake = new FakeAppInsights(app);
        app.MapPost("/v2.1/track", fake.TrackAsync);
        var address = await app.StartOnLoopbackAsync();
        fake.ConnectionString = $"InstrumentationKey={InstrumentationKey};IngestionEndpoint={address}/";
        return fake;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task TrackAsync(HttpContext context)
    {
        Stream body = context.Request.Body;
        if (context.Request.Headers.ContentEncoding == "gzip")
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }
        using var reader = new StreamReader(body);
        var count = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                Items.Enqueue(JsonDocument.Parse(line).RootElement.Clone());
                count++;
            }
        }
        await context.Response.WriteAsJsonAsync(new { itemsReceived = count, itemsAccepted = count, errors = Array.Empty<object>() });
    }
}
