using System.Net;

namespace SupportBot.BotFramework.Connector;

/// Paces every attempt at a conversation's activities (send, reply, update, delete) through ConversationPacing, and
/// tells it of a 429. It sits inside the retry pipeline, so a retry waits its conversation's turn like a first try.
public sealed class ConversationPacingHandler(ConversationPacing pacing) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (KeyOf(request.RequestUri) is not { } key)
        {
            return await base.SendAsync(request, cancellationToken);
        }
        await pacing.WaitTurnAsync(key, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var retryAfter = response.Headers.RetryAfter is { } header
                ? header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null)
                : null;
            pacing.Throttled(key, retryAfter);
        }
        return response;
    }

    // "{authority}/{conversation id}" for .../v3/conversations/{id}/activities[/...]; null for other calls.
    internal static string? KeyOf(Uri? uri)
    {
        if (uri is null)
        {
            return null;
        }
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.IndexOf(segments, "conversations");
        return at >= 1 && segments[at - 1] == "v3" && at + 2 < segments.Length && segments[at + 2] == "activities"
            ? $"{uri.Authority}/{Uri.UnescapeDataString(segments[at + 1])}"
            : null;
    }
}
