using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using SupportBot.ScaleOutTests;

namespace SupportBot.Benchmarks.Load;

/// The measured SupportBot: one instance, or several sharing one store and one Redis behind a round-robin balancer
/// without affinity (each new connection goes to the next instance). The first runs in this process on a Kestrel
/// socket; the others too, or as processes of their own (`dotnet SupportBot.dll`), which can be killed as a crash
/// would end them.
internal sealed class Deployment : IAsyncDisposable
{
    private readonly List<InProcessSupportBot> _instances;
    private readonly List<HostProcess> _processes;
    private readonly IReadOnlyDictionary<string, string> _processSettings;
    private readonly RoundRobinProxy? _proxy;

    private Deployment(List<InProcessSupportBot> instances, List<HostProcess> processes, IReadOnlyDictionary<string, string> processSettings, RoundRobinProxy? proxy)
    {
        _instances = instances;
        _processes = processes;
        _processSettings = processSettings;
        _proxy = proxy;
        BaseUrl = proxy is null ? instances[0].BaseUrl : proxy.BaseAddress.ToString().TrimEnd('/');
    }

    public string BaseUrl { get; }

    public InProcessSupportBot First => _instances[0];

    /// The instances in this process (the processes of their own are not among them).
    public IReadOnlyList<InProcessSupportBot> Instances => _instances;

    /// Operations the instances in this process have sent to Redis so far (each one's multiplexer counts its own; 0
    /// without Redis).
    public long RedisOperations => _instances.Sum(i => i.Services.GetService<IConnectionMultiplexer>()?.OperationCount ?? 0);

    /// asProcesses: the instances after the first run as processes of their own. balanced: one instance behind the
    /// balancer too, so that one and several compare like with like (the balancer forwards every byte in this
    /// process, on the same cores).
    public static async Task<Deployment> StartAsync(int instances, IReadOnlyDictionary<string, string?> settings, bool asProcesses = false, bool balanced = false)
    {
        var first = InProcessSupportBot.Start(settings);
        var all = new List<InProcessSupportBot> { first };
        // The first migrated the store and ingested the knowledge base; the others find it ready.
        var others = new Dictionary<string, string?>(settings) { ["Knowledge:IngestOnStart"] = "false" };
        var processSettings = InProcessSupportBot.LoadSettings
            .Concat(others.Where(setting => setting.Value is not null).Select(setting => KeyValuePair.Create(setting.Key, setting.Value!)))
            .GroupBy(setting => setting.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.Last().Value, StringComparer.OrdinalIgnoreCase);
        var processes = new List<HostProcess>();
        for (var i = 1; i < instances; i++)
        {
            if (asProcesses)
            {
                processes.Add(await HostProcess.StartAsync(processSettings));
            }
            else
            {
                all.Add(InProcessSupportBot.Start(others));
            }
        }
        Uri[] addresses = [.. all.Select(i => new Uri(i.BaseUrl)), .. processes.Select(p => p.BaseAddress)];
        return new Deployment(all, processes, processSettings, instances > 1 || balanced ? new RoundRobinProxy(addresses) : null);
    }

    /// Kills the instance process (kill -9: nothing flushed, nothing handed over), then starts a new one in its place
    /// behind the balancer; until it is ready the balancer passes the others' turn to the instances still up.
    /// Returns how long it was down: downFor, and the new process's start until it is ready.
    public async Task<TimeSpan> KillAndRestartAsync(int process, TimeSpan downFor)
    {
        _processes[process].Kill();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(downFor);
        var replacement = await HostProcess.StartAsync(_processSettings);
        await _processes[process].DisposeAsync();
        _processes[process] = replacement;
        _proxy!.Replace(_instances.Count + process, replacement.BaseAddress);
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }
    }
}
