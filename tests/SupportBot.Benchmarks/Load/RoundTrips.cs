using System.Diagnostics.Metrics;

namespace SupportBot.Benchmarks.Load;

/// PostgreSQL commands sent by the hosts in this process, each a round trip its caller waits for (in multiplexing mode
/// several callers' commands share a network write: a round trip is what a turn waits for, not a packet). Counted as
/// Npgsql's executing-commands gauge goes down: in multiplexing mode Npgsql 10 records neither a command's duration
/// nor its start, only its end.
/// (Redis operations are each instance's multiplexer's own count: Deployment.RedisOperations.)
internal sealed class RoundTrips : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _postgres;

    public RoundTrips()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.npgsql.executing")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, change, _, _) =>
        {
            if (change < 0)
            {
                Interlocked.Increment(ref _postgres);
            }
        });
        _listener.Start();
    }

    public long Postgres => Interlocked.Read(ref _postgres);

    public void Dispose() => _listener.Dispose();
}
