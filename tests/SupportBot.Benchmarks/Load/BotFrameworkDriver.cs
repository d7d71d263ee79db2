using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SupportBot.Benchmarks.Load;

/// Turns through a bot's /api/messages as a channel delivers them, the reply awaited at the connector sink. With
/// conversations > 0 the turns go round that many conversations, each worker its own share in turn, so every
/// conversation goes on for many turns and its history grows, as customers' do; with 0 each turn opens a new one.
internal sealed class BotFrameworkDriver(
    HttpClient http, string messagesUrl, ConnectorSink sink, IReadOnlyList<string> texts, string conversationPrefix, int conversations = 0, int concurrency = 1)
{
    private static readonly JsonSerializerOptions WithoutNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private readonly int _share = Math.Max(1, conversations / Math.Max(1, concurrency));

    public async Task<TurnTiming> TurnAsync(int worker, int turn)
    {
        var conversation = conversations > 0
            ? $"{conversationPrefix}{worker + (concurrency * (turn % _share))}"
            : $"{conversationPrefix}{worker}-{turn}";
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
