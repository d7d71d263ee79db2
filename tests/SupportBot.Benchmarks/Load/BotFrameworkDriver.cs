using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SupportBot.Benchmarks.Load;

/// Turns through a bot's /api/messages as a channel delivers them: one message activity per fresh
/// conversation (so no turn inherits another's history), the reply awaited at the connector sink.
internal sealed class BotFrameworkDriver(HttpClient http, string messagesUrl, ConnectorSink sink, IReadOnlyList<string> texts, string conversationPrefix)
{
    private static readonly JsonSerializerOptions WithoutNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public async Task<TurnTiming> TurnAsync(int worker, int turn)
    {
        var conversation = $"{conversationPrefix}{worker}-{turn}";
        var reply = sink.ExpectReply(conversation);
        var sent = Stopwatch.GetTimestamp();
        try
        {
            var status = await PostAsync(http, messagesUrl, Message(sink, conversation, $"m{turn}", $"customer-{worker}", texts[turn % texts.Count]));
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
