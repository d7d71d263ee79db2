using Dapper;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Analytics.Demo;

/// Fills the store with demo journeys, replacing an earlier seeding (conversation ids starting "demo-"); real
/// conversations are never touched. Every write goes through the store's writer (Database.LogHotAsync) in short
/// statements: a seeding once ran 20,000-row transactions on pooled connections, which held SQLite's write lock for
/// seconds, so the inbox sweep and customers' turns failed with "database is locked" while it ran. Now the writer
/// commits the seeder's statements between theirs, after the writes someone is waiting on.
internal sealed class DemoSeeder(TouchpointStore touchpoints, Database database, TimeProvider time)
{
    // Touchpoints per statement (15 parameters each, well under either engine's limit), and statements in flight at
    // once: the writer commits those queued together in one group of a few thousand rows, a few milliseconds of lock.
    private const int Rows = 400;
    private const int InFlight = 4;

    // Rows deleted, or customers registered, per statement.
    private const int Chunk = 2_000;

    private static readonly string Prefix = DemoJourneys.Prefix + "%";

    public async Task<int> SeedAsync(int journeys, int days, int seed, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        await DeleteAsync("touchpoints", "id", "conversation_id", cancellationToken);
        await DeleteAsync("customer_identities", "customer_id", "customer_id", cancellationToken);
        await DeleteAsync("customers", "id", "id", cancellationToken);
        var generator = new DemoJourneys(new Random(seed), time.GetUtcNow(), days, new Random(unchecked(seed * 31) + 7));
        var written = 0;
        var pending = new List<Touchpoint>();
        var writes = new Queue<Task>();
        for (var n = 0; n < journeys; n++)
        {
            pending.AddRange(generator.Journey(n, journeys));
            // Full statements only, so the writer keeps one prepared statement for them; the rest goes last.
            while (pending.Count >= Rows || (n == journeys - 1 && pending.Count > 0))
            {
                var rows = pending.GetRange(0, Math.Min(Rows, pending.Count));
                pending.RemoveRange(0, rows.Count);
                if (writes.Count == InFlight)
                {
                    await writes.Dequeue();
                }
                writes.Enqueue(touchpoints.AppendAsync(rows, cancellationToken));
                written += rows.Count;
            }
            if ((n + 1) % 1000 == 0 || n == journeys - 1)
            {
                progress?.Report((n + 1, journeys));
            }
        }
        await Task.WhenAll(writes);
        await RegisterCustomersAsync(cancellationToken);
        return written;
    }

    // The previous seeding's rows, a chunk per statement; counted first, so the loop knows how many statements to run
    // (at most: a chunk of customer ids takes all their identities).
    private async Task DeleteAsync(string table, string key, string column, CancellationToken cancellationToken)
    {
        long count;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT COUNT(*) FROM {table} WHERE {column} LIKE @Prefix", new { Prefix }, cancellationToken: cancellationToken));
        }
        var sql = $"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {table} WHERE {column} LIKE @Prefix LIMIT {Chunk})";
        for (var deleted = 0L; deleted < count; deleted += Chunk)
        {
            await database.LogHotAsync(sql, new PrefixedParameters(1).Add("@Prefix", Prefix), cancellationToken);
        }
    }

    /// Demo customers are customers like any other, each known by their channel's id, so their journey pages
    /// open from the dashboard. Registered a chunk of customers per statement.
    private async Task RegisterCustomersAsync(CancellationToken cancellationToken)
    {
        List<string> customers;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            customers = [.. await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT customer_id FROM touchpoints WHERE customer_id LIKE @Prefix", new { Prefix }, cancellationToken: cancellationToken))];
        }
        customers.Sort(StringComparer.Ordinal);
        for (var start = 0; start < customers.Count; start += Chunk)
        {
            var chunk = customers.GetRange(start, Math.Min(Chunk, customers.Count - start));
            var names = string.Join(", ", chunk.Select((_, i) => $"@c{i}"));
            var parameters = new PrefixedParameters(chunk.Count);
            for (var i = 0; i < chunk.Count; i++)
            {
                parameters.Add($"@c{i}", chunk[i]);
            }
            // Two statements, one command: the identities need the customers' rows (a foreign key).
            await database.LogHotAsync(
                $"""
                INSERT INTO customers (id, created_at) SELECT customer_id, MIN(occurred_at) FROM touchpoints
                WHERE customer_id IN ({names}) GROUP BY customer_id;
                INSERT INTO customer_identities (kind, value, customer_id, created_at)
                SELECT MIN(channel), customer_id, customer_id, MIN(occurred_at) FROM touchpoints
                WHERE customer_id IN ({names}) AND conversation_id LIKE '{DemoJourneys.Prefix}%' GROUP BY customer_id
                """,
                parameters, cancellationToken);
        }
    }
}
