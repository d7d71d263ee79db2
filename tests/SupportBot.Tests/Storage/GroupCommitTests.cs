using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Storage;

/// On SQLite, hot-path writes from concurrent turns share one transaction: each caller hears back only once its
/// write is committed, and a write that fails rolls back alone.
public sealed class GroupCommitTests : IAsyncLifetime, IDisposable
{
    private readonly TestStore _store = new(forceSqlite: true);
    private Database _database = null!;

    public async Task InitializeAsync()
    {
        _database = new Database(new StorageOptions { Provider = "sqlite", ConnectionString = _store.ConnectionString }, Path.GetTempPath());
        await using var connection = await _database.OpenAsync();
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL; CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public void Dispose() => _store.Dispose();

    private Task<int> Insert(string text, ConcurrentBag<DbTransaction?>? transactions = null, Task? holdUntil = null)
        => _database.WriteAsync(async (connection, transaction, token) =>
        {
            transactions?.Add(transaction);
            if (holdUntil is not null)
            {
                await holdUntil;
            }
            return await connection.ExecuteAsync(new CommandDefinition("INSERT INTO notes (text) VALUES (@text)", new { text }, transaction, cancellationToken: token));
        });

    private async Task<bool> StoredAsync(string text)
    {
        await using var connection = await _database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notes WHERE text = @text", new { text }) == 1;
    }

    [Fact]
    public async Task Writes_queued_behind_a_running_group_share_the_next_commits_and_each_is_stored_when_its_caller_hears()
    {
        var groupsBefore = _database.GroupCommits;
        var transactions = new ConcurrentBag<DbTransaction?>();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Insert("first", transactions, hold.Task);
        while (transactions.IsEmpty)
        {
            await Task.Delay(5);
        }
        // 199 writes queue while the first group is held open.
        var queued = Enumerable.Range(0, 199).Select(async i =>
        {
            await Insert($"note {i}", transactions);
            Assert.True(await StoredAsync($"note {i}"), $"note {i} was reported written before it was committed");
        }).ToList();
        Assert.False(first.IsCompleted);

        hold.SetResult();
        await first;
        await Task.WhenAll(queued);

        // One group for the first write, then at most 64 writes per group: 4 more.
        Assert.Equal(5, _database.GroupCommits - groupsBefore);
        await using var connection = await _database.OpenAsync();
        Assert.Equal(200, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notes"));
    }

    [Fact]
    public async Task A_write_that_fails_rolls_back_alone_and_its_caller_gets_the_error()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new ConcurrentBag<DbTransaction?>();
        var holder = Insert("holder", started, hold.Task);
        while (started.IsEmpty)
        {
            await Task.Delay(5);
        }
        var good = Insert("good");
        var failing = _database.WriteAsync<int>(async (connection, transaction, token) =>
        {
            await connection.ExecuteAsync(new CommandDefinition("INSERT INTO notes (text) VALUES ('half done')", transaction: transaction, cancellationToken: token));
            await connection.ExecuteAsync(new CommandDefinition("INSERT INTO notes (text) VALUES ('good')", transaction: transaction, cancellationToken: token));
            return 0;
        });
        var after = Insert("after");
        hold.SetResult();

        await holder;
        await good;
        await after;
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => failing);
        Assert.False(await StoredAsync("half done"));
        Assert.True(await StoredAsync("good"));
        Assert.True(await StoredAsync("after"));
    }

    [Fact]
    public async Task A_write_cancelled_while_it_waits_is_not_run()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new ConcurrentBag<DbTransaction?>();
        var holder = Insert("holder", started, hold.Task);
        while (started.IsEmpty)
        {
            await Task.Delay(5);
        }
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var cancelled = _database.WriteAsync((_, _, _) =>
        {
            ran = true;
            return Task.FromResult(0);
        }, cancel.Token);
        await cancel.CancelAsync();
        hold.SetResult();

        await holder;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(ran);
    }
}
