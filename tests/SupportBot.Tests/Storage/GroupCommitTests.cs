using System.Collections.Concurrent;
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

    // The callback runs inside the group, after the statement: holding it holds the group open.
    private Task<int> Insert(string text, ConcurrentBag<int>? started = null, Task? holdUntil = null)
        => _database.RunHotAsync("INSERT INTO notes (text) VALUES (@text)", new PrefixedParameters(1).Add("@text", text), async (_, _) =>
        {
            started?.Add(1);
            if (holdUntil is not null)
            {
                await holdUntil;
            }
            return 1;
        });

    // Starts a write whose group stays open until hold is set: writes queued meanwhile wait for the groups after it.
    private async Task<(Task<int> Holder, TaskCompletionSource Hold)> HoldGroupOpenAsync(string text)
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new ConcurrentBag<int>();
        var holder = Insert(text, started, hold.Task);
        while (started.IsEmpty)
        {
            await Task.Delay(5);
        }
        return (holder, hold);
    }

    private async Task<bool> StoredAsync(string text)
    {
        await using var connection = await _database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notes WHERE text = @text", new { text }) == 1;
    }

    [Fact]
    public async Task Writes_queued_behind_a_running_group_share_the_next_commits_and_each_is_stored_when_its_caller_hears()
    {
        var groupsBefore = _database.GroupCommits;
        var (first, hold) = await HoldGroupOpenAsync("first");
        // 199 writes queue while the first group is held open.
        var queued = Enumerable.Range(0, 199).Select(async i =>
        {
            await Insert($"note {i}");
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
        var (holder, hold) = await HoldGroupOpenAsync("holder");
        var good = Insert("good");
        // Two statements in one command: the first succeeds, the second breaks the unique constraint.
        var failing = _database.RunHotAsync("INSERT INTO notes (text) VALUES ('half done'); INSERT INTO notes (text) VALUES ('good')",
            new PrefixedParameters(0), static (_, _) => Task.FromResult(0));
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
    public async Task A_group_runs_each_write_once_unless_one_fails_and_the_others_run_again_after_the_rollback()
    {
        var runs = new ConcurrentDictionary<string, int>();
        Task<int> Counted(string sql, string name)
            => _database.RunHotAsync(sql, new PrefixedParameters(0), (_, _) => Task.FromResult(runs.AddOrUpdate(name, 1, (_, n) => n + 1)));

        var (holder, hold) = await HoldGroupOpenAsync("holder");
        var first = Counted("INSERT INTO notes (text) VALUES ('first')", "first");
        var second = Counted("INSERT INTO notes (text) VALUES ('second')", "second");
        hold.SetResult();
        await holder;
        Assert.Equal(1, await first);
        Assert.Equal(1, await second);

        (holder, hold) = await HoldGroupOpenAsync("holder again");
        var kept = Counted("INSERT INTO notes (text) VALUES ('kept')", "kept");
        var refused = Counted("INSERT INTO notes (text) VALUES ('first')", "refused");
        hold.SetResult();
        await holder;
        // Its first run was rolled back with the group: the caller hears of the second, and the row is there once.
        Assert.Equal(2, await kept);
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => refused);
        Assert.True(await StoredAsync("kept"));
    }

    [Fact]
    public async Task A_read_in_a_group_sees_the_writes_before_it_and_one_that_fails_leaves_the_others_alone()
    {
        var (holder, hold) = await HoldGroupOpenAsync("holder");
        var written = Insert("written");
        var count = _database.ReadHotAsync("SELECT COUNT(*) FROM notes", new PrefixedParameters(0),
            static async (reader, token) => await reader.ReadAsync(token) ? reader.GetInt64(0) : -1);
        var broken = _database.ReadHotAsync("SELECT COUNT(*) FROM no_such_table", new PrefixedParameters(0), static (_, _) => Task.FromResult(0L));
        var after = Insert("after");
        hold.SetResult();

        await holder;
        await written;
        await after;
        Assert.Equal(2, await count);
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => broken);
        Assert.True(await StoredAsync("written"));
        Assert.True(await StoredAsync("after"));
    }

    [Fact]
    public async Task When_the_writer_cannot_open_the_store_every_queued_caller_gets_the_error()
    {
        // A directory where the database file should be: SQLite cannot open it.
        var directory = Path.Combine(Path.GetTempPath(), "supportbot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, "supportbot.db"));
        await using var broken = new Database(
            new StorageOptions { Provider = "sqlite", ConnectionString = $"Data Source={Path.Combine(directory, "supportbot.db")}" }, Path.GetTempPath());
        try
        {
            var writes = Enumerable.Range(0, 3).Select(i => broken.RunHotAsync(
                "INSERT INTO notes (text) VALUES (@text)", new PrefixedParameters(1).Add("@text", $"note {i}"), static (_, _) => Task.FromResult(0))).ToList();

            foreach (var write in writes)
            {
                await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => write.WaitAsync(TimeSpan.FromSeconds(30)));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_write_cancelled_while_it_waits_is_not_run()
    {
        var (holder, hold) = await HoldGroupOpenAsync("holder");
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var cancelled = _database.RunHotAsync("INSERT INTO notes (text) VALUES ('cancelled')", new PrefixedParameters(0), (_, _) =>
        {
            ran = true;
            return Task.FromResult(0);
        }, cancel.Token);
        await cancel.CancelAsync();
        hold.SetResult();

        await holder;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(ran);
        Assert.False(await StoredAsync("cancelled"));
    }

    [Fact]
    public async Task Logs_queued_with_other_writes_commit_in_a_group_after_theirs_and_each_caller_hears_once_its_write_is_stored()
    {
        var (holder, hold) = await HoldGroupOpenAsync("holder");
        var logs = Enumerable.Range(0, 3).Select(i => _database.LogHotAsync("INSERT INTO notes (text) VALUES (@text)", new PrefixedParameters(1).Add("@text", $"log {i}"))).ToList();
        var writes = Enumerable.Range(0, 3).Select(i => Insert($"write {i}")).ToList();
        var groupsBefore = _database.GroupCommits;
        hold.SetResult();
        await holder;
        await Task.WhenAll(writes);
        await Task.WhenAll(logs);

        // The holder's group, then the writes (queued after the logs), then the logs.
        Assert.Equal(3, _database.GroupCommits - groupsBefore);
        await using var connection = await _database.OpenAsync();
        var order = (await connection.QueryAsync<string>("SELECT text FROM notes WHERE text <> 'holder' ORDER BY id")).ToList();
        Assert.Equal(["write 0", "write 1", "write 2", "log 0", "log 1", "log 2"], order);
    }
}
