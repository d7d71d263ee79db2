using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Options;
using SupportBot.Answering;
using SupportBot.Knowledge;
using SupportBot.Storage;

namespace SupportBot.Analytics;

/// Keeps the rollup tables (conversation_facts, conversation_timings, analytics_customers) caught up with the
/// touchpoint log before the dashboard reads them. Each step is one set-based statement batch (RollupSql) over a
/// range of new touchpoint ids and the conversations triggers marked dirty; then RollupWords reads the words of the
/// rebuilt conversations for their language and repeated questions. On SQLite every write goes through the store's
/// writer (Database.RunHotAsync), so the rollup never contends with the turns' writes as a second writer; on
/// PostgreSQL each step is a transaction holding an advisory lock, so instances catching up at once take turns.
internal sealed partial class AnalyticsRollup(Database database, KnowledgeIndex index, IOptions<AnsweringOptions> answering, ILogger<AnalyticsRollup> logger)
    : IDisposable
{
    // Touchpoint ids per step: a step of the first build takes the SQLite writer for about a tenth of a second, so a
    // turn's write waits at most that long behind it.
    private const long StepIds = 20_000;

    // PostgreSQL hands out identities before commit, so a touchpoint with a lower id can commit after a higher one
    // was rolled up; each catch-up looks again this far below the watermark.
    private const long PostgresLag = 1000;

    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            var (watermark, latest, dirtyTo) = await StateAsync(cancellationToken);
            var postgres = database.Provider == StoreProvider.Postgres;
            var from = postgres ? Math.Max(0, watermark - PostgresLag) : watermark;
            if (latest > watermark || dirtyTo > 0)
            {
                var steps = 0;
                do
                {
                    var to = Math.Min(latest, from + StepIds);
                    await StepAsync(from, to, dirtyTo, cancellationToken);
                    from = to;
                    steps++;
                }
                while (from < latest);
                LogRolledUp(logger, steps, latest, clock.ElapsedMilliseconds);
            }
            var words = new RollupWords(database, Features());
            var analysed = await words.AnalyseAsync(cancellationToken);
            if (analysed > 0)
            {
                LogAnalysed(logger, analysed, clock.ElapsedMilliseconds);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private DriverFeatures Features() => new(DriverFeatures.DefaultWaitMinutes, answering.Value.RepeatSimilarity, AnalyticsApi.QuestionTerms(index));

    private async Task<(long Watermark, long Latest, long DirtyTo)> StateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<(long, long, long)>(new CommandDefinition(
            """
            SELECT (SELECT last_touchpoint_id FROM analytics_rollup_state WHERE id = 1),
                   COALESCE((SELECT MAX(id) FROM touchpoints), 0),
                   COALESCE((SELECT MAX(id) FROM analytics_dirty), 0)
            """, cancellationToken: cancellationToken));
    }

    private async Task StepAsync(long from, long to, long dirtyTo, CancellationToken cancellationToken)
    {
        var parameters = new PrefixedParameters(3).Add("@From", from).Add("@To", to).Add("@DirtyTo", dirtyTo);
        if (database.Provider != StoreProvider.Postgres)
        {
            await database.RunHotAsync(RollupSql.Sqlite, parameters, static (_, _) => Task.FromResult(0), cancellationToken);
            return;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('supportbot-analytics-rollup', 0))", transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(RollupSql.Postgres, parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Analytics rollup rebuilt up to touchpoint {Latest} in {Steps} steps, {Milliseconds} ms")]
    private static partial void LogRolledUp(ILogger logger, int steps, long latest, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Analytics rollup read the words of {Conversations} conversations, {Milliseconds} ms in all")]
    private static partial void LogAnalysed(ILogger logger, int conversations, long milliseconds);
}
