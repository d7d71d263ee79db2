using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace SupportBot.BrowserTests;

/// Every error a browser context reports, on any of its pages (popups included, from their first request):
/// console errors, uncaught exceptions, failed requests and HTTP error responses. Nothing is excluded.
public sealed class BrowserProblems
{
    private readonly ConcurrentQueue<string> _problems = new();

    private BrowserProblems()
    {
    }

    public IReadOnlyList<string> All => [.. _problems];

    public static BrowserProblems Watch(IBrowserContext context)
    {
        var problems = new BrowserProblems();
        context.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems._problems.Enqueue($"console error: {message.Text} ({message.Location} on {message.Page?.Url})");
            }
        };
        context.WebError += (_, error) => problems._problems.Enqueue($"uncaught error: {error.Error} (on {error.Page?.Url})");
        context.RequestFailed += (_, request) =>
        {
            // Leaving or reloading a page aborts its open requests and Direct Line's WebSocket; that is not a fault.
            if (request.Failure is not (null or "net::ERR_ABORTED"))
            {
                problems._problems.Enqueue($"request failed: {request.Method} {request.Url}: {request.Failure}");
            }
        };
        context.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems._problems.Enqueue($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        return problems;
    }
}
