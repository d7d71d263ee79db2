using System.Net;
using System.Net.Sockets;

namespace SupportBot.ScaleOutTests;

/// A load balancer without affinity, on a free loopback port: each new TCP connection goes to the next instance in
/// turn, and the bytes are passed through untouched (HTTP, WebSocket upgrades and all). An instance that refuses the
/// connection (it is down) is passed over for the next, as balancers retry another upstream when a connect fails.
internal sealed class RoundRobinProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri[] _instances;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private readonly List<int> _routes = [];

    public RoundRobinProxy(IReadOnlyList<Uri> instances)
    {
        _instances = [.. instances];
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    /// Which instance each connection was sent to (before any fallback to the next), in the order they came.
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
                    next = _routes.Count % _instances.Length;
                    _routes.Add(next);
                }
                _ = RelayAsync(client, next);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// The instance at this place in the rotation now answers at another address (it was restarted).
    public void Replace(int index, Uri instance)
    {
        lock (_routes)
        {
            _instances[index] = instance;
        }
    }

    private async Task RelayAsync(TcpClient client, int first)
    {
        using (client)
        using (var server = await ConnectAsync(first))
        {
            if (server is null)
            {
                return;
            }
            try
            {
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

    // The instance in turn, or the next that accepts the connection; null when none does.
    private async Task<TcpClient?> ConnectAsync(int first)
    {
        for (var i = 0; i < _instances.Length; i++)
        {
            Uri instance;
            lock (_routes)
            {
                instance = _instances[(first + i) % _instances.Length];
            }
            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(instance.Host, instance.Port, _stopping.Token);
                return server;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                server.Dispose();
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }
}
