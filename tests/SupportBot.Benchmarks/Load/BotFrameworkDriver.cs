using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace SupportBot.Benchmarks.Load;

/// Turns through a bot's /api/messages as a channel delivers them: one message activity per fresh
/// conversation (so no turn inherits another's history), the reply awaited at the connector sink.
internal sealed class BotFrameworkDriver(HttpClient http, string messagesUrl, ConnectorSink sink, IReadOnlyList<string> texts, string conversationPrefix)
{
    public async Task<TurnTiming> TurnAsync(int worker, int turn)
    {
        var conversation = $"{conversationPrefix}{worker}-{turn}";
        var reply = sink.ExpectReply(conversation);
        var activity = JsonSerializer.Serialize(new
        {
            type = "message",
            id = $"m{turn}",
            channelId = "emulator",
            serviceUrl = sink.ServiceUrl,
            timestamp = DateTimeOffset.UtcNow,
            locale = "en-US",
            conversation = new { id = conversation },
            from = new { id = $"customer-{worker}", name = "Customer", role = "user" },
            recipient = new { id = "bot", name = "Bot", role = "bot" },
            text = texts[turn % texts.Count],
        });
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsync(messagesUrl, new StringContent(activity, Encoding.UTF8, "application/json"));
            if (!response.IsSuccessStatusCode)
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
}
