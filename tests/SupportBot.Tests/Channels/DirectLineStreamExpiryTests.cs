using System.Net.WebSockets;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels;

/// A WebSocket lives no longer than the token it was opened with: when that token expires or is revoked the host
/// closes it with 1008 (policy violation), and the client reconnects with its refreshed token or stops.
public sealed class DirectLineStreamExpiryTests
{
    private static async Task<WebSocket> OpenStreamAsync(SupportBotFactory factory, DirectLineClient client)
        => await factory.Server.CreateWebSocketClient().ConnectAsync(new Uri(client.StreamUrl!), CancellationToken.None);

    /// Reads frames until the host closes the socket; a socket still open after a while fails the test.
    private static async Task<(WebSocketCloseStatus? Status, string? Reason)> ClosedAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (result.CloseStatus, result.CloseStatusDescription);
            }
        }
    }

    [Fact]
    public async Task The_stream_is_closed_when_its_token_expires()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["DirectLine:TokenLifetimeSeconds"] = "60";
        var client = new DirectLineClient(factory.CreateClient());
        await client.StartAsync();
        using var socket = await OpenStreamAsync(factory, client);

        factory.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "token expired"), await ClosedAsync(socket));
    }

    [Fact]
    public async Task The_stream_is_closed_when_its_token_is_revoked()
    {
        using var factory = new SupportBotFactory();
        var client = new DirectLineClient(factory.CreateClient());
        await client.StartAsync();
        using var socket = await OpenStreamAsync(factory, client);

        await client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/revoke");

        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "token revoked"), await ClosedAsync(socket));
    }
}
