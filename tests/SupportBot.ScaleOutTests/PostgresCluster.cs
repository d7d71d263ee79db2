using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SupportBot.ScaleOutTests;

/// A PostgreSQL server of the test's own (Debian's package; tests/run.sh installs it), in a temporary folder on a
/// free loopback port, that the test can stop and start again. As tests/services.sh does: PostgreSQL refuses to
/// run as root, so under root the cluster belongs to the 'postgres' account and runs through runuser.
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly int _port;

    private PostgresCluster(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        _port = port;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=supportbot;Database=postgres";

    public static async Task<PostgresCluster> CreateAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql")
            .Select(version => Path.Combine(version, "bin"))
            .Where(folder => File.Exists(Path.Combine(folder, "pg_ctl")))
            .OrderBy(folder => int.Parse(Path.GetFileName(Path.GetDirectoryName(folder))!, CultureInfo.InvariantCulture))
            .LastOrDefault() ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql).");
        var folder = Directory.CreateTempSubdirectory("supportbot-outage-pg-").FullName;
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres:", folder);
        }
        var cluster = new PostgresCluster(bin, folder, FreePort());
        await cluster.AsOwnerAsync("initdb", "-D", cluster.Data, "-U", "supportbot", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync");
        await cluster.StartAsync();
        return cluster;
    }

    private string Data => Path.Combine(_folder, "data");

    /// The server's main process (the first line of postmaster.pid); every connection is a child of it.
    public int ProcessId => int.Parse(File.ReadLines(Path.Combine(Data, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    public Task StartAsync() => AsOwnerAsync(
        "pg_ctl", "-D", Data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
        "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
        "start");

    /// A fast shutdown, as an administrator's restart or a failover does: clients are disconnected at once.
    public Task StopAsync() => AsOwnerAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "stop");

    private Task AsOwnerAsync(string tool, params string[] args)
        => Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsOwnerAsync("pg_ctl", "-D", Data, "-m", "immediate", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(_folder, recursive: true);
    }
}
