using System.Data.Common;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Customers;

/// Customers erased lately: the store refuses to write them back (the triggers of the erased_customers migration),
/// so a turn that was already running when its customer was erased leaves nothing of them behind.
internal static class ErasedCustomers
{
    /// Longer than any turn of the customer can still run after the erasure (its pending activities are erased with
    /// it); the list is pruned after that, so it does not keep the ids of erased people for ever.
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    /// Within the erasure's transaction, before it reads or deletes anything. On PostgreSQL the customers' advisory
    /// locks (the key the triggers take shared) come first: a write of theirs already under way commits before the
    /// erasure reads, and a later one waits for the erasure to commit and then finds them listed.
    public static async Task AddAsync(Database database, DbConnection connection, DbTransaction transaction, IReadOnlyList<string> customerIds, DateTimeOffset now)
    {
        if (database.Provider == StoreProvider.Postgres)
        {
            // In one order, so that two erasures naming the same customers cannot deadlock.
            foreach (var id in customerIds.Order(StringComparer.Ordinal))
            {
                await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended('supportbot-erasure:' || @id, 0))", new { id }, transaction);
            }
        }
        await connection.ExecuteAsync(
            """
            INSERT INTO erased_customers (customer_id, erased_at) VALUES (@id, @at)
            ON CONFLICT (customer_id) DO UPDATE SET erased_at = excluded.erased_at
            """,
            customerIds.Select(id => new { id, at = now.UtcDateTime.ToString("O") }),
            transaction);
    }

    public static Task<int> ForgetOlderThanAsync(DbConnection connection, DateTimeOffset cutoff)
        => connection.ExecuteAsync("DELETE FROM erased_customers WHERE erased_at < @cutoff", new { cutoff = cutoff.UtcDateTime.ToString("O") });
}
