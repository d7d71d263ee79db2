using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace SupportBot.Benchmarks.Load;

/// Turns through SupportBot's Direct Line as Web Chat sends them: each worker holds a conversation (started
/// with the secret, its WebSocket stream open), posts each message over REST and takes the bot's reply from
/// the stream. A conversation carries TurnsPerConversation turns, each with the next of the texts, then the
/// worker starts a new one, so that a question is never asked twice in one conversation.
internal sealed class DirectLineDriver(HttpClient http, string baseUrl, string secret, IReadOnlyList<string> texts, int concurrency) : IAsyncDisposable
{
    public const int TurnsPerConversation = 10;
    private readonly Session?[] _sessions = new Session?[concurrency];

    public async Task<TurnTiming> TurnAsync(int worker, int turn)
    {
        if (turn % TurnsPerConversation == 0 || _sessions[worker] is null)
        {
            if (_sessions[worker] is { } finished)
            {
                await finished.DisposeAsync();
            }
            _sessions[worker] = await Session.StartAsync(http, baseUrl, secret);
        }
        var session = _sessions[worker]!;
        var sent = Stopwatch.GetTimestamp();
        try
        {
            var id = await session.PostAsync(texts[turn % TurnsPerConversation % texts.Count]);
            return new TurnTiming(sent, id is null ? null : await session.ReplyTo(id).WaitAsync(ClosedLoop.ReplyTimeout));
        }
        catch (Exception ex) when (ex is TimeoutException or HttpRequestException or TaskCanceledException)
        {
            return new TurnTiming(sent, null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions)
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
    }

    /// One conversation with its open stream. Replies are matched to the posted activity by replyToId; a
    /// reply may reach the stream before the POST that caused it has returned its id.
    public sealed class Session : IAsyncDisposable
    {
        private readonly HttpClient _http;
        private readonly string _activitiesUrl;
        private readonly string _token;
        private readonly ClientWebSocket _socket = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _replies = new(StringComparer.Ordinal);
        private Task _receiving = Task.CompletedTask;

        private Session(HttpClient http, string activitiesUrl, string token)
        {
            _http = http;
            _activitiesUrl = activitiesUrl;
            _token = token;
        }

        public static async Task<Session> StartAsync(HttpClient http, string baseUrl, string secret, bool openStream = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/v3/directline/conversations");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var started = await response.Content.ReadFromJsonAsync<JsonElement>();
            var conversationId = started.GetProperty("conversationId").GetString()!;
            var session = new Session(http, $"{baseUrl}/v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/activities", started.GetProperty("token").GetString()!);
            if (openStream)
            {
                await session._socket.ConnectAsync(new Uri(started.GetProperty("streamUrl").GetString()!), CancellationToken.None);
                session._receiving = session.ReceiveAsync();
            }
            return session;
        }

        /// The id Direct Line gave the activity, or null when it refused it.
        public async Task<string?> PostAsync(string text)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _activitiesUrl)
            {
                Content = JsonContent.Create(new { type = "message", from = new { id = "load-customer", role = "user" }, locale = "en-US", text }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            using var response = await _http.SendAsync(request);
            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString() : null;
        }

        public Task<long> ReplyTo(string activityId) => Waiter(activityId).Task;

        private TaskCompletionSource<long> Waiter(string activityId)
            => _replies.GetOrAdd(activityId, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

        private async Task ReceiveAsync()
        {
            var buffer = new byte[64 * 1024];
            using var frame = new MemoryStream();
            try
            {
                while (_socket.State == WebSocketState.Open)
                {
                    var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                    frame.Write(buffer, 0, result.Count);
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }
                    var arrived = Stopwatch.GetTimestamp();
                    if (frame.Length > 0)
                    {
                        Read(frame.GetBuffer().AsMemory(0, (int)frame.Length), arrived);
                    }
                    frame.SetLength(0);
                }
            }
            catch (WebSocketException)
            {
                // The conversation is over for this worker; its pending turns time out and count as unanswered.
            }
        }

        private void Read(ReadOnlyMemory<byte> json, long arrived)
        {
            using var set = JsonDocument.Parse(json);
            foreach (var activity in set.RootElement.GetProperty("activities").EnumerateArray())
            {
                if (activity.GetProperty("type").GetString() == "message"
                    && activity.TryGetProperty("replyToId", out var replyTo)
                    && activity.GetProperty("from").GetProperty("id").GetString() != "load-customer")
                {
                    Waiter(replyTo.GetString()!).TrySetResult(arrived);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
                {
                    // Closing is courtesy; the server drops the stream either way.
                    _socket.Abort();
                }
            }
            await _receiving;
            _socket.Dispose();
        }
    }
}
