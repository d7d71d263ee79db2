using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
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
    /// reply may reach the stream before the POST that caused it has returned its id. A soak also watches every
    /// activity (OnActivity), follows the watermark, and drops and resumes the stream as Web Chat does.
    public sealed class Session : IAsyncDisposable
    {
        private readonly HttpClient _http;
        private readonly string _conversationUrl;
        private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _replies = new(StringComparer.Ordinal);
        private readonly Action<JsonElement>? _onActivity;
        private readonly SemaphoreSlim _streamGate = new(1, 1);
        private ClientWebSocket _socket = new();
        private Task _receiving = Task.CompletedTask;
        private string? _watermark;

        private Session(HttpClient http, string conversationUrl, string conversationId, string token, string userId, Action<JsonElement>? onActivity)
        {
            _http = http;
            _conversationUrl = conversationUrl;
            ConversationId = conversationId;
            Token = token;
            UserId = userId;
            _onActivity = onActivity;
        }

        public string ConversationId { get; }

        public string Token { get; }

        public string UserId { get; }

        /// The watermark of the last activity set the stream delivered.
        public string? Watermark => Volatile.Read(ref _watermark);

        public bool StreamOpen => _socket.State == WebSocketState.Open;

        public static async Task<Session> StartAsync(
            HttpClient http, string baseUrl, string secret, bool openStream = true, string userId = "load-customer", Action<JsonElement>? onActivity = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/v3/directline/conversations");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var started = await response.Content.ReadFromJsonAsync<JsonElement>();
            var conversationId = started.GetProperty("conversationId").GetString()!;
            var session = new Session(http, $"{baseUrl}/v3/directline/conversations/{Uri.EscapeDataString(conversationId)}", conversationId,
                started.GetProperty("token").GetString()!, userId, onActivity);
            if (openStream)
            {
                await session._socket.ConnectAsync(new Uri(started.GetProperty("streamUrl").GetString()!), CancellationToken.None);
                session._receiving = session.ReceiveAsync(session._socket);
            }
            return session;
        }

        /// The id Direct Line gave the activity, or null when it refused it.
        public async Task<string?> PostAsync(string text)
            => (await PostAsync(new { type = "message", from = new { id = UserId, role = "user" }, locale = "en-US", text })).Id;

        /// Posts an activity and returns the status and the id Direct Line gave it.
        public Task<(HttpStatusCode Status, string? Id)> PostAsync(object activity, CancellationToken cancellationToken = default)
            => PostContentAsync(JsonContent.Create(activity), cancellationToken);

        /// Posts a body as it is (malformed or hostile JSON).
        public Task<(HttpStatusCode Status, string? Id)> PostRawAsync(string json, CancellationToken cancellationToken = default)
            => PostContentAsync(new StringContent(json, System.Text.Encoding.UTF8, "application/json"), cancellationToken);

        private async Task<(HttpStatusCode Status, string? Id)> PostContentAsync(HttpContent content, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _conversationUrl + "/activities") { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var response = await _http.SendAsync(request, cancellationToken);
            return (response.StatusCode, response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString() : null);
        }

        /// Every activity the conversation holds, as polling clients read it (GET activities).
        public Task<List<JsonElement>> ReadAllAsync(CancellationToken cancellationToken = default)
            => ReadAllAsync(_http, _conversationUrl, Token, cancellationToken);

        /// The same with any credential for the conversation (the secret reads every conversation).
        public static async Task<List<JsonElement>> ReadAllAsync(HttpClient http, string baseUrl, string conversationId, string bearer, CancellationToken cancellationToken = default)
            => await ReadAllAsync(http, $"{baseUrl}/v3/directline/conversations/{Uri.EscapeDataString(conversationId)}", bearer, cancellationToken);

        private static async Task<List<JsonElement>> ReadAllAsync(HttpClient http, string conversationUrl, string bearer, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, conversationUrl + "/activities");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var set = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return [.. set.GetProperty("activities").EnumerateArray()];
        }

        /// Drops the stream (as a lost network does), then resumes it from the last watermark, as Web Chat does.
        public async Task ReconnectAsync(CancellationToken cancellationToken = default)
        {
            await _streamGate.WaitAsync(cancellationToken);
            try
            {
                _socket.Abort();
                await _receiving;
                _socket.Dispose();
                var watermark = Watermark;
                using var request = new HttpRequestMessage(HttpMethod.Get,
                    watermark is null ? _conversationUrl : $"{_conversationUrl}?watermark={Uri.EscapeDataString(watermark)}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                using var response = await _http.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
                var resumed = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                _socket = new ClientWebSocket();
                await _socket.ConnectAsync(new Uri(resumed.GetProperty("streamUrl").GetString()!), cancellationToken);
                _receiving = ReceiveAsync(_socket);
            }
            finally
            {
                _streamGate.Release();
            }
        }

        public Task<long> ReplyTo(string activityId) => Waiter(activityId).Task;

        private TaskCompletionSource<long> Waiter(string activityId)
            => _replies.GetOrAdd(activityId, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

        private async Task ReceiveAsync(ClientWebSocket socket)
        {
            var buffer = new byte[64 * 1024];
            using var frame = new MemoryStream();
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
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
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The conversation is over for this worker (or its stream was dropped on purpose); pending turns
                // time out and count as unanswered, or the stream resumes from its watermark.
            }
        }

        private void Read(ReadOnlyMemory<byte> json, long arrived)
        {
            using var set = JsonDocument.Parse(json);
            foreach (var activity in set.RootElement.GetProperty("activities").EnumerateArray())
            {
                _onActivity?.Invoke(activity);
                if (activity.GetProperty("type").GetString() == "message"
                    && activity.TryGetProperty("replyToId", out var replyTo)
                    && activity.GetProperty("from").GetProperty("id").GetString() != UserId)
                {
                    Waiter(replyTo.GetString()!).TrySetResult(arrived);
                }
            }
            if (set.RootElement.TryGetProperty("watermark", out var watermark) && watermark.ValueKind == JsonValueKind.String)
            {
                Volatile.Write(ref _watermark, watermark.GetString());
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
            _streamGate.Dispose();
        }
    }
}
