using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace SupportBot.Storage.Sqlite;

/// SQLite takes one writer at a time, and a commit costs the same for one row as for fifty. Concurrent turns used
/// to each open a connection, wait for the lock in SQLite's sleeping busy handler and commit alone. Here their
/// writes queue in the process instead, and one connection runs whatever has queued in one transaction: a write that
/// fails rolls back alone and reports its error, each caller is answered only after the commit, so nothing is
/// acknowledged that a crash could lose.
internal sealed partial class SqliteGroupCommit : IAsyncDisposable
{
    // Enough to amortise the commit; few enough that one transaction never holds the lock for long.
    private const int MaxBatch = 64;

    private static readonly PrefixedParameters NoParameters = new(0);

    private readonly Channel<QueuedWrite> _queue = Channel.CreateUnbounded<QueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly ILogger _logger;
    private readonly Thread _writer;
    private readonly Dictionary<string, SqliteHotCommand> _prepared = new(StringComparer.Ordinal);
    private readonly SqliteCheckpointer _checkpointer;
    private SqliteConnection? _connection;
    private long _groups;

    public SqliteGroupCommit(Func<CancellationToken, Task<SqliteConnection>> open, ILogger logger)
    {
        _open = open;
        _logger = logger;
        _checkpointer = new SqliteCheckpointer(open, logger);
        // Its own thread: SQLite's calls block (a checkpoint's fsync can take milliseconds), and on a thread-pool
        // thread they would hold up the requests queued behind it.
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "SQLite writer" };
        _writer.Start();
    }

    // Runs the write in the next group's transaction; returns once that transaction is committed.
    private Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> write, HotWork work, CancellationToken cancellationToken)
    {
        var queued = new QueuedWrite<T>(write, work, cancellationToken);
        if (!_queue.Writer.TryWrite(queued))
        {
            throw new ObjectDisposedException(nameof(SqliteGroupCommit), "The store is shutting down.");
        }
        return queued.Result;
    }

    /// Runs one statement (or several, as one command) in the next group, prepared once and kept with the writer
    /// connection: the statements every turn runs are parsed once, not once per turn. Statements that only read
    /// (HotWork.Read) need no savepoint of their own, as they have nothing to roll back. The callback reads what it
    /// needs; statements it leaves unread still run, before the write counts as done.
    public Task<T> RunPreparedAsync<T>(string sql, PrefixedParameters parameters, Func<DbDataReader, CancellationToken, Task<T>> read, HotWork work, CancellationToken cancellationToken)
        => RunAsync(async token =>
        {
            using var reader = Prepared(sql).Execute(parameters);
            var result = await read(reader, token);
            reader.Finish();
            return result;
        }, work, cancellationToken);

    // Only the writer thread calls this, while it holds the connection.
    private SqliteHotCommand Prepared(string sql)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = new SqliteHotCommand(_connection!.Handle!, sql);
            _prepared[sql] = command;
        }
        return command;
    }

    private void Execute(string sql) => Prepared(sql).Run(NoParameters);

    /// How many groups have committed: how many commits the writes that went through here shared.
    public long Groups => Interlocked.Read(ref _groups);

    private void WriteLoop()
    {
        var batch = new List<QueuedWrite>(MaxBatch);
        var logs = new List<QueuedWrite>(MaxBatch);
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            logs.Clear();
            while (batch.Count + logs.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                if (write.CancellationToken.IsCancellationRequested)
                {
                    write.Cancel();
                    continue;
                }
                (write.Work == HotWork.Log ? logs : batch).Add(write);
            }
            // The writes complete synchronously on SQLite: waiting here keeps the whole group on this thread. Logs go in
            // a group of their own after the others: a turn's claim then waits for its own group's commit only, not
            // for the touchpoints of the turns answered before it (on the load benchmark its wait fell from 1.7 to
            // 1.4 ms of a 3 ms turn, for a second commit where both kinds are queued).
            if (batch.Count > 0)
            {
                CommitAsync(batch).GetAwaiter().GetResult();
            }
            if (logs.Count > 0)
            {
                CommitAsync(logs).GetAwaiter().GetResult();
            }
            if (_connection is not null)
            {
                _checkpointer.RewindIfDue(_connection);
            }
        }
    }

    private async Task CommitAsync(List<QueuedWrite> batch)
    {
        var done = new List<QueuedWrite>(batch.Count);
        try
        {
            _connection ??= await OpenAsync();
            // The transaction and savepoints are plain statements kept prepared, as SqliteTransaction would prepare
            // a command for each of them every time. IMMEDIATE takes the write lock now: a writer outside the group
            // (an import, the agent console) is waited for by the busy timeout instead of failing the commit later.
            // Writes almost never fail, so the group first runs without a savepoint per write (two statements each,
            // and a statement journal SQLite must keep for each); only when one fails is the group rolled back and
            // run again with them, so that the failure rolls back alone. Callers are answered only after the commit,
            // so a write run twice is seen once: its callback must only read.
            Execute("BEGIN IMMEDIATE");
            if (!await RunAllOrNoneAsync(batch, done))
            {
                // Some errors (a full disk, an I/O error) end the transaction themselves.
                if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0)
                {
                    Execute("ROLLBACK");
                }
                done.Clear();
                Execute("BEGIN IMMEDIATE");
                await RunEachAloneAsync(batch, done);
            }
            Execute("COMMIT");
            Interlocked.Increment(ref _groups);
            _checkpointer.Committed();
        }
        catch (Exception ex)
        {
            LogGroupFailed(_logger, ex, batch.Count);
            // Every caller of the group hears: those whose write had run (rolled back with the group) and those whose
            // write had not run yet. One already told of its own failure keeps that answer.
            foreach (var write in batch)
            {
                write.Fail(ex);
            }
            // A connection in an unknown state is not reused: the next group opens a fresh one.
            await DropConnectionAsync();
            return;
        }
        foreach (var write in done)
        {
            write.Complete();
        }
    }

    // Runs every write with no savepoint; false as soon as one fails (the transaction then holds part of the group).
    private static async Task<bool> RunAllOrNoneAsync(List<QueuedWrite> batch, List<QueuedWrite> done)
    {
        foreach (var write in batch)
        {
            try
            {
                await write.RunAsync();
            }
            catch (Exception)
            {
                return false;
            }
            done.Add(write);
        }
        return true;
    }

    // Runs each write in its own savepoint: one that fails rolls back alone and its caller gets the error.
    private async Task RunEachAloneAsync(List<QueuedWrite> batch, List<QueuedWrite> done)
    {
        foreach (var write in batch)
        {
            if (write.Work == HotWork.Read)
            {
                await ReadAsync(write, done);
                continue;
            }
            Execute("SAVEPOINT w");
            try
            {
                await write.RunAsync();
                Execute("RELEASE w");
                done.Add(write);
            }
            catch (Exception ex)
            {
                Execute("ROLLBACK TO w");
                Execute("RELEASE w");
                write.Fail(ex);
            }
        }
    }

    private static async Task ReadAsync(QueuedWrite read, List<QueuedWrite> done)
    {
        try
        {
            await read.RunAsync();
            done.Add(read);
        }
        catch (Exception ex)
        {
            read.Fail(ex);
        }
    }

    // The checkpointer copies the log back beside this connection, instead of this connection's commits stopping
    // to do it (SqliteCheckpointer). Each write's savepoint keeps the pages it changes in a statement journal, by
    // default a temporary file that SQLite creates, writes and deletes in every group; in memory it costs a copy.
    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = await _open(CancellationToken.None);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA wal_autocheckpoint=0; PRAGMA temp_store=MEMORY";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private async Task DropConnectionAsync()
    {
        // Before the connection goes back to the pool: a statement left unfinalized would keep it from closing.
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }
        _prepared.Clear();
        if (_connection is not null)
        {
            // Back to the pool: a connection handed out there checkpoints for itself again.
            try
            {
                using var pragma = _connection.CreateCommand();
                pragma.CommandText = "PRAGMA wal_autocheckpoint=1000; PRAGMA temp_store=DEFAULT";
                pragma.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
            }
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.Run(_writer.Join);
        await DropConnectionAsync();
        await Task.Run(_checkpointer.Dispose);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A group of {Count} SQLite writes could not be committed; each caller gets the error")]
    private static partial void LogGroupFailed(ILogger logger, Exception exception, int count);

    private abstract class QueuedWrite(HotWork work, CancellationToken cancellationToken)
    {
        public HotWork Work => work;

        public CancellationToken CancellationToken => cancellationToken;

        public abstract Task RunAsync();

        public abstract void Complete();

        public abstract void Fail(Exception exception);

        public abstract void Cancel();
    }

    private sealed class QueuedWrite<T>(Func<CancellationToken, Task<T>> write, HotWork work, CancellationToken cancellationToken)
        : QueuedWrite(work, cancellationToken)
    {
        // Callers continue elsewhere: the writer loop goes on to the next group at once.
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;

        public Task<T> Result => _result.Task;

        public override async Task RunAsync() => _value = await write(CancellationToken);

        public override void Complete() => _result.TrySetResult(_value!);

        public override void Fail(Exception exception) => _result.TrySetException(exception);

        public override void Cancel() => _result.TrySetCanceled(CancellationToken);
    }
}
