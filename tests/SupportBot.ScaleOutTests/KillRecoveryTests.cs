using Dapper;
using Microsoft.Data.Sqlite;

namespace SupportBot.ScaleOutTests;

/// One instance on SQLite, killed (SIGKILL) while the turns it accepted are queued or waiting on the model, then
/// started again on the same file: every accepted activity is answered exactly once and logged once, whether the
/// channel retries its posts or not, and the file is intact.
public sealed class KillRecoveryTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("supportbot-kill-").FullName;
    private KilledTurns _turns = null!;

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "supportbot.db")}";

    public async Task InitializeAsync() => _turns = await KilledTurns.StartAsync();

    [Theory]
    [InlineData(300, true)]
    [InlineData(2500, true)]
    [InlineData(1000, false)]
    public async Task Turns_in_flight_when_the_process_is_killed_are_answered_exactly_once_after_a_restart(int killAfterMs, bool channelRetries)
    {
        var settings = _turns.Settings();
        settings["Storage:Provider"] = "sqlite";
        settings["Storage:ConnectionString"] = ConnectionString;
        await using (var first = await HostProcess.StartAsync(settings))
        {
            await _turns.PostAllAsync(first);
            await Task.Delay(killAfterMs);
            first.Kill();
        }
        // Each conversation's second turn waits for its first, which waits on the model: the kill cut turns short.
        Assert.True(_turns.Answered < _turns.Activities.Count, $"Every turn was answered before the kill ({_turns.Answered}).");

        await using var second = await HostProcess.StartAsync(settings);
        if (channelRetries)
        {
            await _turns.PostAllAsync(second);
        }
        await using var store = new SqliteConnection(ConnectionString + ";Pooling=False");
        await _turns.WaitUntilAsync(
            async () => await store.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM inbound_activities WHERE state = 'done' AND conversation_id LIKE 'kill-%'") == _turns.Activities.Count,
            () => second.Output);

        _turns.AssertEachAnsweredOnce();
        _turns.AssertLoggedOnce([.. await store.QueryAsync<(string, string, string?)>("SELECT conversation_id, kind, activity_id FROM touchpoints")]);
        Assert.Equal("ok", await store.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
    }

    public async Task DisposeAsync()
    {
        await _turns.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary folder is cleaned with the others.
        }
    }
}
