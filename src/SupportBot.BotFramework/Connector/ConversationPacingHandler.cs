using System.Net;
using Microsoft.Extensions.Options;

namespace SupportBot.BotFramework.Connector;

/// Paces every attempt at a conversation's activities (send, reply, update, delete) through ConversationPacing, and
/// tells it of a 429; then every connector call, whatever it is, waits for the bot's global budget (BotSendBudget).
/// It sits inside the retry pipeline, so a retry waits its turn like a first try.
public sealed class ConversationPacingHandler(ConversationPacing pacing, BotSendBudget budget, IOptions<ConnectorResilienceOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = options.Value.PaceConversations ? KeyOf(request.RequestUri) : null;
        if (key is not null)
        {
            await pacing.WaitTurnAsync(key, cancellationToken);
        }
        // After the conversation's turn, so a call held for its conversation does not sit on a global permit.
        await budget.WaitTurnAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (key is not null && response.StatusCode == HttpStatusCode.TooManyRequests)
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
