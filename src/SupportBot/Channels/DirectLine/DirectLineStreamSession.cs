using System.Net.WebSockets;
using System.Threading.Channels;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;

namespace SupportBot.Channels.DirectLine;

/// One client's WebSocket stream: ActivitySets as text frames, an empty frame as keep-alive, and whatever the
/// client sends (DirectLineJS pings with empty frames) is read and ignored. A client too slow to keep up is
/// disconnected; it reconnects from its watermark and loses nothing.
internal sealed class DirectLineStreamSession(WebSocket socket, TimeSpan keepAlive, string? tokenId = null)
{
    private const int Backlog = 1024;
    private readonly Channel<ActivitySet> _outgoing = Channel.CreateBounded<ActivitySet>(
        new BoundedChannelOptions(Backlog) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private string _closeReason = "closed";
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;

    /// The sequence of the last stored activity sent (or skipped by the client's watermark); changed under the
    /// conversation's gate.
    public int SentThrough { get; set; }

    /// The id of the token that opened the stream (none for the secret), so revoking that token closes it.
    public string? TokenId { get; } = tokenId;

    public void Send(ActivitySet set)
    {
        if (!_outgoing.Writer.TryWrite(set))
        {
            Close("client too slow");
        }
    }

    /// Ends the stream with this reason. A stream whose credential no longer holds (expired, revoked, erased) ends
    /// with 1008, policy violation: DirectLineJS then reconnects with the token it has refreshed, or stops.
    public void Close(string reason, WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure)
    {
        (_closeReason, _closeStatus) = (reason, status);
        _outgoing.Writer.TryComplete();
    }

    /// Closes the stream when the token it was opened with expires (its exp, in Unix seconds).
    public ITimer CloseWhenExpired(long expiresAt, TimeProvider time)
    {
        var left = DateTimeOffset.FromUnixTimeSeconds(expiresAt) - time.GetUtcNow();
        return time.CreateTimer(
            _ => Close("token expired", WebSocketCloseStatus.PolicyViolation), null, left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = ReceiveUntilClosedAsync(stop.Token);
        try
        {
            await SendUntilClosedAsync(stop.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away; its next reconnect resumes from its watermark.
        }
        finally
        {
            await stop.CancelAsync();
            await receiving;
        }
    }

    private async Task SendUntilClosedAsync(CancellationToken cancellationToken)
    {
        var reader = _outgoing.Reader;
        while (socket.State == WebSocketState.Open)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(keepAlive);
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, true, cancellationToken);
                continue;
            }
            if (!more)
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.CloseOutputAsync(_closeStatus, _closeReason, cancellationToken);
                }
                return;
            }
            while (reader.TryRead(out var set))
            {
                var frame = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(set, BotJson.Options);
                await socket.SendAsync(frame, WebSocketMessageType.Text, true, cancellationToken);
            }
        }
    }

    private async Task ReceiveUntilClosedAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Close("client closed");
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            Close("connection lost");
        }
    }
}
