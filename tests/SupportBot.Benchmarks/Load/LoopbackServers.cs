using Npgsql;
using SupportBot.ScaleOutTests;
using SupportBot.Tests.Redis;

namespace SupportBot.Benchmarks.Load;

/// The PostgreSQL and Redis servers a run on the production shape needs, started once on free loopback ports as
/// tests/services.sh does (Debian's packages, durability off, data thrown away), each measured host in a schema
/// and a Redis key prefix of its own.
internal sealed class LoopbackServers : IAsyncDisposable
{
    private PostgresCluster? _postgres;
    private RedisServer? _redis;
    private int _deployments;

    /// More Npgsql connection-string settings for the measured hosts ("Max Pool Size=16"), to try a tuning.
    public string? PostgresOptions { get; init; }

    public static async Task<LoopbackServers> StartAsync(IReadOnlyCollection<StoreShape> stores, Action<string> progress, string? postgresOptions = null)
    {
        var servers = new LoopbackServers { PostgresOptions = postgresOptions };
        if (stores.Any(s => s.Postgres))
        {
            progress("load: starting PostgreSQL on loopback");
            servers._postgres = await PostgresCluster.CreateAsync();
        }
        if (stores.Any(s => s.Redis))
        {
            progress("load: starting Redis on loopback");
            servers._redis = new RedisServer();
        }
        return servers;
    }

    /// Settings for one deployment (its instances share them) on the store.
    public Dictionary<string, string?> SettingsFor(StoreShape store)
    {
        var n = Interlocked.Increment(ref _deployments);
        var settings = new Dictionary<string, string?>();
        if (store.Postgres)
        {
            settings["Storage:Provider"] = "postgres";
            settings["Storage:ConnectionString"] = $"{_postgres!.ConnectionString};Search Path=load{n}" + (PostgresOptions is { Length: > 0 } more ? ";" + more : string.Empty);
        }
        if (store.Redis)
        {
            settings["Redis:ConnectionString"] = _redis!.ConnectionString;
            settings["Redis:ChannelPrefix"] = $"load{n}";
        }
        return settings;
    }

    /// The server processes whose processor time a turn also costs: PostgreSQL's main process (its connections are
    /// its children) and Redis.
    public IEnumerable<int> ServerProcessIds(StoreShape store)
    {
        if (store.Postgres && _postgres is not null)
        {
            yield return _postgres.ProcessId;
        }
        if (store.Redis && _redis?.ProcessId is { } redis)
        {
            yield return redis;
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        _redis?.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
