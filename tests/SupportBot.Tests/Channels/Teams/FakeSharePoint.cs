using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels.Teams;

/// SharePoint's pre-authenticated download URL (download.aspx with a tempauth query), on loopback: it serves the
/// file to whoever has the URL, and records each request with the Authorization header it carried.
public sealed class FakeSharePoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeSharePoint(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string? Authorization)> Requests { get; } = new();

    /// The file served; sent without Content-Length (chunked), as a server may.
    public byte[] File { get; set; } = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    /// When set, every request is answered with a redirect there.
    public string? RedirectTo { get; set; }

    public string BaseUrl { get; private set; } = string.Empty;

    public string DownloadUrl(string uniqueId) => $"{BaseUrl}/personal/meganb_contoso_com/_layouts/15/download.aspx?UniqueId={uniqueId}&tempauth=v1.test";

    public static async Task<FakeSharePoint> StartAsync()
    {
        var app = LoopbackWebApp.Create();
        var sharePoint = new FakeSharePoint(app);
        app.Run(sharePoint.HandleAsync);
        sharePoint.BaseUrl = await app.StartOnLoopbackAsync();
        return sharePoint;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        Requests.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.FirstOrDefault()));
        if (RedirectTo is { } location)
        {
            context.Response.Redirect(location);
            return;
        }
        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(File);
    }
}
