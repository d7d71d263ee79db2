using System.Diagnostics.Metrics;
using System.Globalization;
using StackExchange.Redis;

namespace SupportBot.Benchmarks.Load;

/// What a row cost the stores: PostgreSQL commands sent (Npgsql's own operation metric, one per round trip; the
/// measured hosts run in this process) and the commands Redis processed (its INFO counter, so every client counts:
/// each instance's commands, locks, limits and fan-out).
internal sealed class RoundTrips : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly IConnectionMultiplexer? _redis;
    private long _postgres;

    private RoundTrips(IConnectionMultiplexer? redis)
    {
        _redis = redis;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _postgres));
        _listener.Start();
    }

    public static async Task<RoundTrips> StartAsync(string? redisConnectionString)
        => new(redisConnectionString is null ? null : await ConnectionMultiplexer.ConnectAsync(redisConnectionString + ",allowAdmin=true"));

    public long Postgres => Interlocked.Read(ref _postgres);

    public async Task<long> RedisAsync()
    {
        if (_redis is null)
        {
            return 0;
        }
        var info = await _redis.GetServers()[0].InfoAsync("stats");
        var processed = info.SelectMany(group => group).First(pair => pair.Key == "total_commands_processed").Value;
        return long.Parse(processed, CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _redis?.Dispose();
    }
}
