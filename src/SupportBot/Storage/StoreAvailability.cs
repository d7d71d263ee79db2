using System.Threading.Channels;
using Npgsql;

namespace SupportBot.Storage;

/// Whether PostgreSQL answers. A connection-level failure makes the store suspect; StoreProbe then asks the server
/// until it answers, and while it does not, Database.OpenAsync fails at once instead of every request waiting for a
/// connection timeout. A failing query alone never closes the store: only the probe decides, so a slow or wrong
/// query cannot take the instance out. SQLite errors (a locked or missing file) are never an outage.
internal sealed class StoreAvailability
{
    /// What a refused request tells its caller to wait; the probe asks every second, so recovery is seen sooner.
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly Channel<bool> _suspected = Channel.CreateBounded<bool>(1);
    private int _suspect;
    private volatile bool _down;

    public bool IsAvailable => !_down;

    /// Raised when a suspected outage is over: work that failed meanwhile (a push to a stream) can be redone.
    public event Action? Recovered;

    public void ThrowIfUnavailable()
    {
        if (_down)
        {
            throw new StoreUnavailableException();
        }
    }

    /// Returns whether the failure means the store is out of reach (and then has the probe look into it).
    public bool Report(Exception exception)
    {
        if (!IsOutage(exception))
        {
            return false;
        }
        if (Interlocked.Exchange(ref _suspect, 1) == 0)
        {
            _suspected.Writer.TryWrite(true);
        }
        return true;
    }

    public static bool IsOutage(Exception exception) => exception switch
    {
        StoreUnavailableException => true,
        // Connection exceptions (08...), and the server shutting down or starting (57P01-57P03). Deadlocks and
        // serialization failures are transient too, but the server that reported them is up.
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState is "57P01" or "57P02" or "57P03",
        // Socket errors, refused connections and timeouts.
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => exception.InnerException is { } inner && IsOutage(inner),
    };

    internal async Task WaitForSuspicionAsync(CancellationToken cancellationToken) => await _suspected.Reader.ReadAsync(cancellationToken);

    internal void MarkDown() => _down = true;

    internal void MarkUp()
    {
        _down = false;
        Volatile.Write(ref _suspect, 0);
        Recovered?.Invoke();
    }
}
