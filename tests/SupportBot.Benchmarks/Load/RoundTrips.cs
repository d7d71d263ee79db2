using System.Diagnostics.Metrics;

namespace SupportBot.Benchmarks.Load;

/// PostgreSQL commands sent by the hosts in this process: Npgsql's own operation metric, one per round trip.
/// (Redis operations are each instance's multiplexer's own count: Deployment.RedisOperations.)
internal sealed class RoundTrips : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _postgres;

    public RoundTrips()
    {
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

    public long Postgres => Interlocked.Read(ref _postgres);

    public void Dispose() => _listener.Dispose();
}
