using Dapper;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Analytics.Demo;

/// Fills the store with demo journeys, replacing an earlier seeding (conversation ids starting "demo-"); real
/// conversations are never touched.
internal sealed class DemoSeeder(TouchpointStore touchpoints, Database database, TimeProvider time)
{
    // Touchpoints per transaction: a commit per few hundred rows made a million journeys take most of an hour.
    private const int Batch = 20_000;

    public async Task<int> SeedAsync(int journeys, int days, int seed, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            foreach (var sql in new[]
                     {
                         "DELETE FROM touchpoints WHERE conversation_id LIKE @Prefix",
                         "DELETE FROM customer_identities WHERE customer_id LIKE @Prefix",
                         "DELETE FROM customers WHERE id LIKE @Prefix",
                     })
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, new { Prefix = DemoJourneys.Prefix + "%" }, cancellationToken: cancellationToken));
            }
        }
        var generator = new DemoJourneys(new Random(seed), time.GetUtcNow(), days, new Random(unchecked(seed * 31) + 7));
        var written = 0;
        var pending = new List<Touchpoint>();
        for (var n = 0; n < journeys; n++)
        {
            pending.AddRange(generator.Journey(n, journeys));
            if (pending.Count >= Batch || n == journeys - 1)
            {
                await touchpoints.AppendManyAsync(pending, cancellationToken);
                written += pending.Count;
                pending.Clear();
                progress?.Report((n + 1, journeys));
            }
        }
        await RegisterCustomersAsync(cancellationToken);
        return written;
    }

    /// Demo customers are customers like any other, each known by their channel's id, so their journey pages
    /// open from the dashboard.
    private async Task RegisterCustomersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var prefix = new { Prefix = DemoJourneys.Prefix + "%" };
        await connection.ExecuteAsync(
            "INSERT INTO customers (id, created_at) SELECT customer_id, MIN(occurred_at) FROM touchpoints WHERE customer_id LIKE @Prefix GROUP BY customer_id",
            prefix, transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO customer_identities (kind, value, customer_id, created_at)
            SELECT MIN(channel), customer_id, customer_id, MIN(occurred_at) FROM touchpoints
            WHERE customer_id LIKE @Prefix AND conversation_id LIKE @Prefix GROUP BY customer_id
            """,
            prefix, transaction);
        await transaction.CommitAsync(cancellationToken);
    }
}
