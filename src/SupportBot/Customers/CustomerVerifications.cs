using System.Globalization;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Customers;

/// The verified identities of customers (customer_verifications): saved when a customer signs in, deleted when they
/// sign out, moved by merges and erased with the customer.
internal sealed class CustomerVerifications(Database database)
{
    // How long a signin/tokenExchange id is remembered: Teams retries an exchange within seconds.
    private static readonly TimeSpan ExchangeMemory = TimeSpan.FromHours(1);

    public async Task SaveAsync(string customerId, VerifiedIdentity identity, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO customer_verifications (object_id, customer_id, tenant_id, email, name, channel, verified_at)
            VALUES (@ObjectId, @customerId, @TenantId, @Email, @Name, @Channel, @at)
            ON CONFLICT (object_id) DO UPDATE SET customer_id = excluded.customer_id, tenant_id = excluded.tenant_id,
                email = excluded.email, name = excluded.name, channel = excluded.channel, verified_at = excluded.verified_at
            """,
            new { identity.ObjectId, customerId, identity.TenantId, identity.Email, identity.Name, identity.Channel, at = identity.VerifiedAt.UtcDateTime.ToString("O") });
    }

    /// The customer's verified identity (the latest, should they have signed in as several).
    public async Task<VerifiedIdentity?> FindAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<Row>(
            """
            SELECT object_id AS ObjectId, tenant_id AS TenantId, email AS Email, name AS Name, channel AS Channel, verified_at AS VerifiedAt
            FROM customer_verifications WHERE customer_id = @customerId ORDER BY verified_at DESC
            """,
            new { customerId });
        return row?.ToIdentity();
    }

    /// Forgets the object id's verification; true when there was one.
    public async Task<bool> RemoveAsync(string objectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM customer_verifications WHERE object_id = @objectId", new { objectId }) > 0;
    }

    /// Claims a signin/tokenExchange id: true for the first caller on any instance, false for a repeat.
    public async Task<bool> ClaimExchangeAsync(string exchangeId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM sign_in_exchanges WHERE created_at < @cutoff", new { cutoff = (now - ExchangeMemory).UtcDateTime.ToString("O") });
        return await connection.ExecuteAsync(
            "INSERT INTO sign_in_exchanges (id, created_at) VALUES (@exchangeId, @now) ON CONFLICT (id) DO NOTHING",
            new { exchangeId, now = now.UtcDateTime.ToString("O") }) == 1;
    }

    // Properties, not a positional record: SQLite names no type for a NULL, and Dapper then finds no constructor.
    private sealed class Row
    {
        public string ObjectId { get; init; } = string.Empty;
        public string? TenantId { get; init; }
        public string? Email { get; init; }
        public string? Name { get; init; }
        public string Channel { get; init; } = string.Empty;
        public string VerifiedAt { get; init; } = string.Empty;

        public VerifiedIdentity ToIdentity() => new(ObjectId, TenantId, Email, Name, Channel, DateTimeOffset.Parse(VerifiedAt, CultureInfo.InvariantCulture));
    }
}
