using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SupportBot.ScaleOutTests;

/// A customer in Web Chat reaching whichever instance the load balancer picks: Direct Line 3.0 over HTTP and the
/// WebSocket stream, remembering the watermark of the last activity set it received.
internal sealed class WebChatCustomer : IDisposable
{
    private ClientWebSocket? _socket;

    public string ConversationId { get; private set; } = string.Empty;

    public string Token { get; private set; } = string.Empty;

    public string? Watermark { get; private set; }

    /// Every activity received over the streams, in order (typing indicators left out: they are never stored).
    public List<JsonElement> Received { get; } = [];

    public async Task StartAsync(HostProcess instance)
    {
        using var issued = await instance.Http.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);
        issued.EnsureSuccessStatusCode();
        Token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var started = await SendAsync(instance, HttpMethod.Post, "/v3/directline/conversations");
        started.EnsureSuccessStatusCode();
        ConversationId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetString()!;
    }

    /// Opens the stream on an instance (a reconnect asks that instance for a stream URL from the watermark).
    public async Task ConnectAsync(HostProcess instance)
    {
        _socket?.Dispose();
        using var reconnect = await SendAsync(instance, HttpMethod.Get, $"/v3/directline/conversations/{ConversationId}?watermark={Watermark}");
        reconnect.EnsureSuccessStatusCode();
        var streamUrl = (await reconnect.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("streamUrl").GetString()!;
        _socket = new ClientWebSocket();
        await _socket.ConnectAsync(new Uri(streamUrl), CancellationToken.None);
    }

    /// Posts a message; returns the id the instance gave it.
    public async Task<string> SayAsync(HostProcess instance, string text)
    {
        using var response = await SendAsync(instance, HttpMethod.Post, $"/v3/directline/conversations/{ConversationId}/activities",
            JsonContent.Create(new { type = "message", from = new { id = "customer" }, text }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// Posts a message and hands back whatever the instance answered, success or not.
    public async Task<Reply> TrySayAsync(HostProcess instance, string text)
        => await Reply.ReadAsync(await SendAsync(instance, HttpMethod.Post, $"/v3/directline/conversations/{ConversationId}/activities",
            JsonContent.Create(new { type = "message", from = new { id = "customer" }, text })));

    /// Reads the stream until an activity matching the predicate arrives; returns it.
    public async Task<JsonElement> ReceiveUntilAsync(Func<JsonElement, bool> predicate)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            if (Received.FirstOrDefault(predicate) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }
            using var frame = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await _socket!.ReceiveAsync(buffer, timeout.Token);
                frame.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("The instance closed the stream.");
            }
            if (frame.Length == 0)
            {
                continue;
            }
            using var set = JsonDocument.Parse(Encoding.UTF8.GetString(frame.ToArray()));
            foreach (var activity in set.RootElement.GetProperty("activities").EnumerateArray())
            {
                if (activity.GetProperty("type").GetString() != "typing")
                {
                    Received.Add(activity.Clone());
                }
            }
            if (set.RootElement.TryGetProperty("watermark", out var watermark))
            {
                Watermark = watermark.GetString();
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HostProcess instance, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return await instance.Http.SendAsync(request);
    }

    public void Dispose() => _socket?.Dispose();
}
