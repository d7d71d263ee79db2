using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SupportBot.Benchmarks.Load;

/// Turns through a bot's /api/messages as a channel delivers them, the reply awaited at the connector sink. With
/// conversations > 0 the turns go round that many conversations at once, each worker its own share in turn, so that
/// many customers are mid-conversation together, as on a busy day. Each conversation has ten turns, one of each of
/// ten texts (a customer who asked the same thing twice would be escalated as going round in circles), and is then
/// followed by a new one. With 0 each turn opens a new conversation.
internal sealed class BotFrameworkDriver(
    HttpClient http, string messagesUrl, ConnectorSink sink, IReadOnlyList<string> texts, string conversationPrefix, int conversations = 0, int concurrency = 1)
{
    private static readonly JsonSerializerOptions WithoutNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    public const int TurnsPerConversation = 10;
    private readonly int _share = Math.Max(1, conversations / Math.Max(1, concurrency));

    public async Task<TurnTiming> TurnAsync(int worker, int turn)
    {
        var (conversation, text) = conversations > 0
            ? ($"{conversationPrefix}{worker + (concurrency * (turn % _share))}-{turn / _share / TurnsPerConversation}", texts[turn / _share % TurnsPerConversation % texts.Count])
            : ($"{conversationPrefix}{worker}-{turn}", texts[turn % texts.Count]);
        var reply = sink.ExpectReply(conversation);
        var sent = Stopwatch.GetTimestamp();
        try
        {
            var status = await PostAsync(http, messagesUrl, Message(sink, conversation, $"m{turn}", $"customer-{worker}", text));
            if (status != HttpStatusCode.OK)
            {
                sink.Forget(conversation);
                return new TurnTiming(sent, null);
            }
            return new TurnTiming(sent, await reply.WaitAsync(ClosedLoop.ReplyTimeout));
        }
        catch (Exception ex) when (ex is TimeoutException or HttpRequestException or TaskCanceledException)
        {
            sink.Forget(conversation);
            return new TurnTiming(sent, null);
        }
    }

    /// A customer's message activity as the channel writes it; value carries a card's submitted inputs.
    public static string Message(ConnectorSink sink, string conversation, string activityId, string customer, string? text, object? value = null)
        => JsonSerializer.Serialize(new
        {
            type = "message",
            id = activityId,
            channelId = "emulator",
            serviceUrl = sink.ServiceUrl,
            timestamp = DateTimeOffset.UtcNow,
            locale = "en-US",
            conversation = new { id = conversation },
            from = new { id = customer, name = "Customer", role = "user" },
            recipient = new { id = "bot", name = "Bot", role = "bot" },
            text,
            value,
        }, WithoutNulls);

    /// Posts a body (any text, so that malformed activities can be sent too) and returns the status.
    public static async Task<HttpStatusCode> PostAsync(HttpClient http, string messagesUrl, string body, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsync(messagesUrl, new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
        return response.StatusCode;
    }
}
