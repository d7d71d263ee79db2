using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SupportBot.Tests.Redis;

/// A private redis-server (Debian's package; tests/run.sh installs it) on a free loopback port, nothing persisted,
/// stopped with the test.
public sealed class RedisServer : IDisposable
{
    private Process? _process;

    public RedisServer(bool start = true)
    {
        Port = FreePort();
        if (start)
        {
            Start();
        }
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// The server's process while it runs.
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    public void Start()
    {
        var info = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            info.ArgumentList.Add(arg);
        }
        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server).");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        // Ready once it accepts a connection.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                Thread.Sleep(20);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// Ends the server at once, as a crash or a lost network would; Start brings it back on the same port, empty.
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}
