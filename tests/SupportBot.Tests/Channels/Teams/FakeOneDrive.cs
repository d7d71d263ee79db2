using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels.Teams;

/// The upload session Teams opens in a customer's OneDrive when they accept a file consent card, on loopback: a
/// pre-authenticated URL that takes the file in PUTs carrying Content-Range, and answers the last one with the
/// drive item (201), as Microsoft Graph's upload sessions do. Records every request.
public sealed class FakeOneDrive : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeOneDrive(WebApplication app) => _app = app;

    public sealed record Upload(string Method, string Path, string? ContentRange, long? ContentLength, string? Authorization, byte[] Body);

    public ConcurrentQueue<Upload> Uploads { get; } = new();

    /// When set, every upload is answered with this status instead.
    public int? FailWith { get; set; }

    public string BaseUrl { get; private set; } = string.Empty;

    public string UploadUrl(string item) => $"{BaseUrl}/personal/meganb_contoso_com/_api/v2.0/drive/items/{item}/uploadSession?guid=5a6b7c8d&tempauth=v1.test";

    public static async Task<FakeOneDrive> StartAsync()
    {
        var app = LoopbackWebApp.Create();
        var oneDrive = new FakeOneDrive(app);
        app.Run(oneDrive.HandleAsync);
        oneDrive.BaseUrl = await app.StartOnLoopbackAsync();
        return oneDrive;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Uploads.Enqueue(new Upload(
            context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.ContentRange.FirstOrDefault(),
            context.Request.ContentLength, context.Request.Headers.Authorization.FirstOrDefault(), body.ToArray()));
        if (FailWith is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }
        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsJsonAsync(new { id = "01ABCDEF", name = "receipt.pdf", size = body.Length });
    }
}
