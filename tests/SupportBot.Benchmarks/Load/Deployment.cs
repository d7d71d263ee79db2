using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using SupportBot.ScaleOutTests;

namespace SupportBot.Benchmarks.Load;

/// The measured SupportBot: one instance, or several sharing one store and one Redis behind a round-robin balancer
/// without affinity (each new connection goes to the next instance), all in this process on Kestrel sockets.
internal sealed class Deployment : IAsyncDisposable
{
    private readonly List<InProcessSupportBot> _instances;
    private readonly RoundRobinProxy? _proxy;

    private Deployment(List<InProcessSupportBot> instances, RoundRobinProxy? proxy)
    {
        _instances = instances;
        _proxy = proxy;
        BaseUrl = proxy is null ? instances[0].BaseUrl : proxy.BaseAddress.ToString().TrimEnd('/');
    }

    public string BaseUrl { get; }

    public InProcessSupportBot First => _instances[0];

    public IReadOnlyList<InProcessSupportBot> Instances => _instances;

    /// Operations the instances have sent to Redis so far (each one's multiplexer counts its own; 0 without Redis).
    public long RedisOperations => _instances.Sum(i => i.Services.GetService<IConnectionMultiplexer>()?.OperationCount ?? 0);

    public static Deployment Start(int instances, IReadOnlyDictionary<string, string?> settings)
    {
        var first = InProcessSupportBot.Start(settings);
        var all = new List<InProcessSupportBot> { first };
        // The first migrated the store and ingested the knowledge base; the others find it ready.
        var others = new Dictionary<string, string?>(settings) { ["Knowledge:IngestOnStart"] = "false" };
        for (var i = 1; i < instances; i++)
        {
            all.Add(InProcessSupportBot.Start(others));
        }
        return new Deployment(all, instances > 1 ? new RoundRobinProxy([.. all.Select(i => new Uri(i.BaseUrl))]) : null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }
    }
}
