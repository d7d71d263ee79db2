using Dapper;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Analytics.Demo;

/// Fills the store with demo journeys, replacing an earlier seeding (conversation ids starting "demo-"); real
/// conversations are never touched.
internal sealed class DemoSeeder(TouchpointStore touchpoints, SqliteDatabase database, TimeProvider time)
{
    private const int Batch = 200;

    public async Task<int> SeedAsync(int journeys, int days, int seed, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(
                new CommandDefinition("DELETE FROM touchpoints WHERE conversation_id LIKE @Prefix", new { Prefix = DemoJourneys.Prefix + "%" }, cancellationToken: cancellationToken));
        }
        var generator = new DemoJourneys(new Random(seed), time.GetUtcNow(), days);
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
        return written;
    }
}
