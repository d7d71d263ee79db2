using Dapper;
using Npgsql;
using SupportBot.Tests.Redis;

namespace SupportBot.ScaleOutTests;

/// Two instances on one PostgreSQL and one Redis; the one that accepted a burst of turns is killed (SIGKILL) while
/// they wait on the model. The survivor takes them over when their lease runs out and runs each exactly once.
public sealed class ScaleOutRecoveryTests : IAsyncLifetime, IDisposable
{
    private readonly RedisServer _redis = new();
    private readonly string _schema = $"scaleout_{Guid.NewGuid():N}"[..21];
    private readonly List<HostProcess> _instances = [];
    private KilledTurns _turns = null!;
    private string _postgres = string.Empty;

    private string Store => $"{_postgres};Search Path={_schema}";

    public async Task InitializeAsync()
    {
        _postgres = HostProcess.SuitePostgres();
        _turns = await KilledTurns.StartAsync();
        _instances.AddRange(await HostProcess.StartSeveralAsync(2, Store, _redis.ConnectionString, _turns.Settings()));
    }

    [Fact]
    public async Task A_survivor_runs_the_turns_a_killed_instance_accepted_exactly_once()
    {
        var (accepting, survivor) = (_instances[0], _instances[1]);
        await _turns.PostAllAsync(accepting);
        await Task.Delay(500);
        accepting.Kill();
        Assert.True(_turns.Answered < _turns.Activities.Count, $"Every turn was answered before the kill ({_turns.Answered}).");

        await using var store = new NpgsqlConnection(Store);
        await _turns.WaitUntilAsync(
            async () => await store.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM inbound_activities WHERE state = 'done' AND conversation_id LIKE 'kill-%'") == _turns.Activities.Count,
            () => survivor.Output);

        _turns.AssertEachAnsweredOnce();
        _turns.AssertLoggedOnce([.. await store.QueryAsync<(string, string, string?)>("SELECT conversation_id, kind, activity_id FROM touchpoints")]);
        Assert.Equal(0, await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbound_activities WHERE state <> 'done'"));
    }

    [Fact]
    public async Task Turns_of_one_conversation_posted_to_two_instances_alternately_run_one_at_a_time_in_arrival_order()
    {
        var conversation = $"order-{Guid.NewGuid():N}";
        var questions = Enumerable.Range(0, 6).Select(i => $"Question {Words[i]}: how do I reset my password?").ToList();
        for (var i = 0; i < questions.Count; i++)
        {
            await _turns.PostAsync(_instances[i % 2], conversation, $"q{i}", questions[i]);
        }

        await using var store = new NpgsqlConnection(Store);
        await _turns.WaitUntilAsync(
            async () => await store.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM inbound_activities WHERE state = 'done' AND conversation_id = @conversation", new { conversation }) == questions.Count,
            () => _instances[0].Output + _instances[1].Output);

        // One turn at a time: every model call about a question comes after every call about an earlier one (a
        // call's text holds its question and, as history, the earlier ones).
        var asked = _turns.Model.Requests
            .Select(r => questions.FindLastIndex(q => r.AllText.Contains(q, StringComparison.Ordinal)))
            .Where(i => i >= 0)
            .ToList();
        Assert.NotEmpty(asked);
        Assert.Equal(asked.Order(), asked);
        // In arrival order: the replies at the connector and the customer's messages in the log.
        var replied = _turns.Messages.Where(m => m.ConversationId == conversation).Select(m => int.Parse(m.ReplyToId![1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, questions.Count), replied.Distinct());
        Assert.Equal(replied.Order(), replied);
        Assert.Equal(
            Enumerable.Range(0, questions.Count).Select(i => $"q{i}"),
            await store.QueryAsync<string>(
                "SELECT activity_id FROM touchpoints WHERE conversation_id = @conversation AND kind = 'customer_message' ORDER BY id", new { conversation }));
    }

    private static readonly string[] Words = ["one", "two", "three", "four", "five", "six"];

    public void Dispose() => _redis.Dispose();

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        await _turns.DisposeAsync();
        if (_postgres.Length > 0)
        {
            await using var connection = new NpgsqlConnection(_postgres);
            await connection.ExecuteAsync($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        }
    }
}
