using Microsoft.Data.Sqlite;

namespace SupportBot.Storage.Sqlite;

/// Copies the write-ahead log back into the database file on a thread of its own, for the turn writer
/// (SqliteGroupCommit). SQLite's automatic checkpoint runs inside whichever commit takes the log past 1,000 pages:
/// on the writer that meant copying 4 MB and waiting for two fsyncs while every turn queued behind it, which cost a
/// quarter of the load benchmark's throughput and doubled its p95. The writer's connection turns it off and signals
/// here after each commit; PASSIVE checkpoints then run beside it, as WAL allows. Under steady writes a passive
/// checkpoint never quite reaches the end of the log, so the log cannot start over; once it has grown past
/// DefaultRestartPages anyway, a RESTART copies the little that is left and rewinds it. That one holds writers back
/// while it runs, so the writer runs it itself, between two groups (RewindIfDue): waiting for this thread's RESTART
/// instead, it slept in SQLite's busy handler (1, 2, 5 ms...) well past the checkpoint's end, and those sleeps were
/// the load benchmark's p99. (Other connections keep the automatic checkpoint: they write seldom, and nothing would
/// checkpoint for them.)
internal sealed partial class SqliteCheckpointer : IDisposable
{
    // Between checkpoints while writes go on: each copies what was written during the one before, each page once
    // however many commits rewrote it. Every group rewrites the last pages of each table and index, so a longer pause
    // copies fewer pages per turn: 100 ms rather than 20 halved the checkpointer's share of the load benchmark's
    // processor time (6 % to 3 %); at 4,000 turns/s the log grows ~11 MB in between.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    // 16 MB of 4 KB pages: four times SQLite's own threshold, all but the tail of it already copied by then (a second
    // passive round copies what was written during the first, so the restart has little left to copy while it holds
    // the writer back: with 100 ms between rounds, going straight to it raised the load benchmark's p99 from 14 to 23 ms).
    public const long DefaultRestartPages = 4096;

    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly ILogger _logger;
    private readonly long _restartPages;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly SemaphoreSlim _rewound = new(0, 1);
    private int _rewindDue;
    private readonly CancellationTokenSource _stop = new();
    private SqliteConnection? _connection;
    private long _checkpoints;
    private long _restarts;

    public SqliteCheckpointer(Func<CancellationToken, Task<SqliteConnection>> open, ILogger logger, long restartPages = DefaultRestartPages)
    {
        _open = open;
        _logger = logger;
        _restartPages = restartPages;
        // Its own thread: a checkpoint waits for fsyncs, which would hold a thread-pool thread for milliseconds.
        _thread = new Thread(Loop) { IsBackground = true, Name = "SQLite checkpointer" };
        _thread.Start();
    }

    /// Checkpoints run so far, and how many of them held writers back to rewind the log.
    public (long Checkpoints, long Restarts) Counts => (Interlocked.Read(ref _checkpoints), Interlocked.Read(ref _restarts));

    /// The writer committed: the log has grown.
    public void Committed()
    {
        if (_committed.CurrentCount == 0)
        {
            try
            {
                _committed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit signalled first; one checkpoint covers both.
            }
        }
    }

    private void Loop()
    {
        try
        {
            while (true)
            {
                _committed.Wait(_stop.Token);
                TryCheckpoint();
                _stop.Token.WaitHandle.WaitOne(Pause);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            DropConnection();
        }
    }

    private void TryCheckpoint()
    {
        try
        {
            _connection ??= _open(CancellationToken.None).GetAwaiter().GetResult();
            var (busy, logPages) = Checkpoint("PASSIVE");
            Interlocked.Increment(ref _checkpoints);
            if (busy == 0 && logPages >= _restartPages)
            {
                Checkpoint("PASSIVE");
                // No checkpoint of this thread's may run beside the writer's: the two would wait for each other.
                Volatile.Write(ref _rewindDue, 1);
                _rewound.Wait(_stop.Token);
            }
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException)
        {
            // The log only grows until the next commit's checkpoint; nothing is lost. That one opens a fresh connection.
            LogCheckpointFailed(_logger, ex);
            DropConnection();
        }
    }

    /// Whether the checkpointer is waiting for the writer to rewind the log.
    public bool RewindDue => Volatile.Read(ref _rewindDue) == 1;

    /// The writer's thread calls this between two groups, with no transaction open on its connection: when the log
    /// is due to be rewound it copies what is left of it and starts it over. It never waits: with no busy timeout a
    /// reader still reading from the log makes it give up once it has copied what it can, and the first write after
    /// that reader is done starts the log over by itself (SQLite does when every frame has been copied back).
    public void RewindIfDue(SqliteConnection writer)
    {
        if (!RewindDue)
        {
            return;
        }
        var handle = writer.Handle!;
        SQLitePCL.raw.sqlite3_busy_timeout(handle, 0);
        try
        {
            if (Checkpoint(writer, "RESTART").Busy == 0)
            {
                Interlocked.Increment(ref _restarts);
            }
        }
        catch (SqliteException ex)
        {
            LogCheckpointFailed(_logger, ex);
        }
        finally
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, Database.BusyTimeoutMs);
            Volatile.Write(ref _rewindDue, 0);
            _rewound.Release();
        }
    }

    private (long Busy, long LogPages) Checkpoint(string mode) => Checkpoint(_connection!, mode);

    // PRAGMA wal_checkpoint answers (busy, pages in the log, pages copied back); busy is 1 when a RESTART gave up
    // waiting for the writer or for readers, which a later round tries again.
    private static (long Busy, long LogPages) Checkpoint(SqliteConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    private void DropConnection()
    {
        _connection?.Dispose();
        _connection = null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
        _committed.Dispose();
        _rewound.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A SQLite checkpoint failed; the write-ahead log grows until the next one")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
