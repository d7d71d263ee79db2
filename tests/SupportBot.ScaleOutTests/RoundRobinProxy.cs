using System.Net;
using System.Net.Sockets;

namespace SupportBot.ScaleOutTests;

/// A load balancer without affinity, on a free loopback port: each new TCP connection goes to the next instance in
/// turn, and the bytes are passed through untouched (HTTP, WebSocket upgrades and all).
internal sealed class RoundRobinProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<Uri> _instances;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private readonly List<int> _routes = [];

    public RoundRobinProxy(IReadOnlyList<Uri> instances)
    {
        _instances = instances;
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    /// Which instance each connection went to, in the order they came.
    public IReadOnlyList<int> Routes
    {
        get
        {
            lock (_routes)
            {
                return [.. _routes];
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                int next;
                lock (_routes)
                {
                    next = _routes.Count % _instances.Count;
                    _routes.Add(next);
                }
                _ = RelayAsync(client, _instances[next]);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RelayAsync(TcpClient client, Uri instance)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(instance.Host, instance.Port, _stopping.Token);
                var inbound = client.GetStream();
                var outbound = server.GetStream();
                // Either side closing ends the pair.
                await Task.WhenAny(inbound.CopyToAsync(outbound, _stopping.Token), outbound.CopyToAsync(inbound, _stopping.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // A side went away.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }
}
