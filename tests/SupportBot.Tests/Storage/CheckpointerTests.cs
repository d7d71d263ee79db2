using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SupportBot.Storage;
using SupportBot.Storage.Sqlite;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Storage;

/// The turn writer's log is copied back into the database file beside it, not by its own commits, and still rewound
/// once it has grown long.
public sealed class CheckpointerTests : IDisposable
{
    private readonly TestStore _store = new(forceSqlite: true);
    private readonly string _file;

    public CheckpointerTests() => _file = new SqliteConnectionStringBuilder(_store.ConnectionString).DataSource;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _store.Dispose();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_store.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    // A writer as SqliteGroupCommit keeps it: the log is never copied back by its commits.
    private async Task<SqliteConnection> WriterAsync()
    {
        var writer = await OpenAsync(CancellationToken.None);
        await writer.ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
        return writer;
    }

    // About a page each: 400 of them take the log well past 100 pages.
    private static Task<int> WriteAsync(SqliteConnection writer, int rows)
        => writer.ExecuteAsync(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @rows) INSERT INTO notes (text) SELECT printf('%.4000c', 'x') FROM n",
            new { rows });

    private static async Task WaitForAsync(Func<bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!done())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private long LogPages()
    {
        using var connection = new SqliteConnection(_store.ConnectionString);
        connection.Open();
        // PASSIVE from another connection answers (busy, pages in the log, pages copied back).
        return connection.QuerySingle<(long Busy, long Log, long Copied)>("PRAGMA wal_checkpoint(PASSIVE)").Log;
    }

    [Fact]
    public async Task After_the_writer_commits_its_log_is_copied_into_the_database_file()
    {
        await using var writer = await WriterAsync();
        await WriteAsync(writer, 200);
        var before = new FileInfo(_file).Length;
        using var checkpointer = new SqliteCheckpointer(OpenAsync, NullLogger.Instance);

        checkpointer.Committed();
        await WaitForAsync(() => checkpointer.Counts.Checkpoints >= 1);

        Assert.True(new FileInfo(_file).Length >= before + (200 * 4096), "the database file did not receive the log's pages");
        Assert.Equal(0, checkpointer.Counts.Restarts);
    }

    [Fact]
    public async Task A_log_past_the_restart_size_is_rewound_so_the_next_commit_writes_from_its_start()
    {
        await using var writer = await WriterAsync();
        await WriteAsync(writer, 400);
        Assert.True(LogPages() >= 400);
        using var checkpointer = new SqliteCheckpointer(OpenAsync, NullLogger.Instance, restartPages: 100);

        checkpointer.Committed();
        // The checkpointer copies what it can beside the writer, then leaves the rewind to it, between two groups.
        await WaitForAsync(() => checkpointer.RewindDue);
        checkpointer.RewindIfDue(writer);
        await WriteAsync(writer, 1);

        Assert.Equal(1, checkpointer.Counts.Restarts);
        Assert.False(checkpointer.RewindDue);
        Assert.InRange(LogPages(), 1, 10);
    }

    [Fact]
    public async Task A_rewind_a_reader_holds_up_is_given_up_and_the_log_starts_over_once_the_reader_is_done()
    {
        await using var writer = await WriterAsync();
        await WriteAsync(writer, 400);
        using var checkpointer = new SqliteCheckpointer(OpenAsync, NullLogger.Instance, restartPages: 100);
        await using (var reader = await OpenAsync(CancellationToken.None))
        {
            // A reader in a transaction reads its snapshot from the log: the log cannot start over under it.
            using var snapshot = reader.BeginTransaction(deferred: true);
            Assert.Equal(400, await reader.QuerySingleAsync<long>("SELECT COUNT(*) FROM notes", transaction: snapshot));

            checkpointer.Committed();
            await WaitForAsync(() => checkpointer.RewindDue);
            checkpointer.RewindIfDue(writer);

            Assert.Equal(0, checkpointer.Counts.Restarts);
            Assert.False(checkpointer.RewindDue);
        }

        // Everything was copied back all the same: the writer's next transaction starts the log over by itself.
        await WriteAsync(writer, 1);

        Assert.InRange(LogPages(), 1, 10);
    }
}
