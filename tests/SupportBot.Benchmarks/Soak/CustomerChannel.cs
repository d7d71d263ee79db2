using System.Net;
using SupportBot.Benchmarks.Load;

namespace SupportBot.Benchmarks.Soak;

/// One simulated customer's conversation on one channel. Two real channels: /api/messages (the customer is
/// played by the channel posting activities, replies land at the connector sink) and Direct Line (REST posts,
/// replies on the WebSocket stream).
internal interface ICustomerChannel : IAsyncDisposable
{
    /// "bf" or "dl", as the report names them.
    string Name { get; }

    string ConversationId { get; }

    /// Longest text the channel takes; longer is refused.
    int MaxTextLength { get; }

    /// Posts a message (text, or a card's submitted value); returns the status and the activity id the bot knows it
    /// by. Status 0: the client cut its own POST off (a lost network), so whether the host took it is unknown.
    Task<(HttpStatusCode Status, string? Id)> SendAsync(string? text, object? value = null);

    /// Posts a body as it is: malformed or hostile JSON.
    Task<HttpStatusCode> SendRawAsync(string body);

    /// What the channel does when its connection fails: the Direct Line stream drops and resumes from its watermark.
    Task DropConnectionAsync();
}

/// The share of customer POSTs the client cuts off a few milliseconds in, as a dropped network does.
internal static class CutOff
{
    public const double Share = 0.04;

    public static bool Roll() => Random.Shared.NextDouble() < Share;

    public static CancellationTokenSource Soon() => new(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 80)));
}

/// A conversation through /api/messages. Like a channel whose POST seemed to fail, it sometimes sends the same
/// activity twice (same id), one after the other or both at once, or cuts a POST off and sends it again.
internal sealed class BotFrameworkCustomer(HttpClient http, string messagesUrl, ConnectorSink sink, string conversationId, string customerId, SoakLedger ledger)
    : ICustomerChannel
{
    private const double RetryShare = 0.15;
    private int _next;

    public string Name => "bf";

    public string ConversationId => conversationId;

    public int MaxTextLength => 40_000;

    public async Task<(HttpStatusCode Status, string? Id)> SendAsync(string? text, object? value = null)
    {
        var id = $"m{Interlocked.Increment(ref _next)}";
        var body = BotFrameworkDriver.Message(sink, conversationId, id, customerId, text, value);
        if (CutOff.Roll())
        {
            using var soon = CutOff.Soon();
            try
            {
                ledger.Status("bf message POST, then cut off by the channel", await BotFrameworkDriver.PostAsync(http, messagesUrl, body, soon.Token));
            }
            catch (OperationCanceledException)
            {
                ledger.Count("bf message POSTs cut off by the channel (then sent again)");
            }
        }
        var status = await PostOrRetryAsync(body);
        if (Random.Shared.NextDouble() < RetryShare)
        {
            // The channel did not hear the acknowledgement and delivers again; the bot must answer once.
            var again = Random.Shared.Next(2) == 0
                ? [await BotFrameworkDriver.PostAsync(http, messagesUrl, body)]
                : await Task.WhenAll(BotFrameworkDriver.PostAsync(http, messagesUrl, body), BotFrameworkDriver.PostAsync(http, messagesUrl, body));
            foreach (var retried in again)
            {
                ledger.Status("bf retried message", retried);
            }
            ledger.Count("duplicate posts (same activity id)", again.Length);
        }
        return (status, id);
    }

    public Task<HttpStatusCode> SendRawAsync(string body) => BotFrameworkDriver.PostAsync(http, messagesUrl, body);

    // The channel sends an activity again when its POST fails outright (the instance went down under it), as it
    // does when it hears no acknowledgement: the bot must take it once.
    private async Task<HttpStatusCode> PostOrRetryAsync(string body)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await BotFrameworkDriver.PostAsync(http, messagesUrl, body);
            }
            catch (HttpRequestException) when (attempt < 3)
            {
                ledger.Count("bf message POSTs failed by a lost connection (then sent again)");
                await Task.Delay(200);
            }
        }
    }

    public Task DropConnectionAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        ledger.Conversation(conversationId, Name).Left();
        return ValueTask.CompletedTask;
    }
}

/// A conversation through Direct Line, as Web Chat holds it: started with the secret, stream open. When the
/// customer leaves, the stream must have delivered everything the conversation held by then; what the bot adds
/// later (a slow answer, an agent's note) waits in the conversation for the customer's return.
internal sealed class DirectLineCustomer(DirectLineDriver.Session session, SoakLedger ledger) : ICustomerChannel
{
    private static readonly TimeSpan StreamCatchUp = TimeSpan.FromSeconds(10);

    public string Name => "dl";

    public string ConversationId => session.ConversationId;

    public int MaxTextLength => 8000;

    public static async Task<DirectLineCustomer> StartAsync(HttpClient http, string baseUrl, string customerId, SoakLedger ledger)
    {
        // The stream may deliver (the welcome) before the start returns: the conversation comes from each activity.
        var session = await DirectLineDriver.Session.StartAsync(http, baseUrl, InProcessSupportBot.DirectLineSecret, userId: customerId,
            onActivity: activity => ledger.Observe(activity.GetProperty("conversation").GetProperty("id").GetString()!, "dl", activity));
        return new DirectLineCustomer(session, ledger);
    }

    public async Task<(HttpStatusCode Status, string? Id)> SendAsync(string? text, object? value = null)
    {
        var activity = new { type = "message", from = new { id = session.UserId, role = "user" }, locale = "en-US", text, value };
        if (!CutOff.Roll())
        {
            return await session.PostAsync(activity);
        }
        using var soon = CutOff.Soon();
        try
        {
            return await session.PostAsync(activity, soon.Token);
        }
        catch (OperationCanceledException)
        {
            // Whether Direct Line took it is unknown to the customer; the audit finds it in the conversation if so.
            return (0, null);
        }
    }

    public async Task<HttpStatusCode> SendRawAsync(string body) => (await session.PostRawAsync(body)).Status;

    public Task DropConnectionAsync() => session.ReconnectAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!session.StreamOpen)
            {
                await session.ReconnectAsync();
            }
            var held = (await session.ReadAllAsync()).Select(a => a.GetProperty("id").GetString()!).ToList();
            var log = ledger.Conversation(ConversationId, Name);
            await SoakLedger.UntilAsync(() => held.All(log.Streamed), StreamCatchUp, CancellationToken.None);
            log.Left(held);
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.WebSockets.WebSocketException)
        {
            ledger.Count($"client errors: {ex.GetType().Name} while leaving");
        }
        finally
        {
            await session.DisposeAsync();
        }
    }
}
