using System.Globalization;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Customers;

/// The directory profiles of customers (customer_profiles): saved by a channel's lookup, moved by merges, exported
/// and erased with the customer.
internal sealed class CustomerProfiles(Database database)
{
    /// Saves (or refreshes) the profile of a channel account. A customer erased meanwhile gets nothing written back.
    public async Task SaveAsync(string customerId, CustomerProfile profile, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO customer_profiles (account_id, customer_id, channel, aad_object_id, tenant_id, name, email, upn, looked_up_at)
            SELECT @AccountId, @customerId, @Channel, @AadObjectId, @TenantId, @Name, @Email, @Upn, @at
            WHERE NOT EXISTS (SELECT 1 FROM erased_customers WHERE customer_id = @customerId)
            ON CONFLICT (account_id) DO UPDATE SET customer_id = excluded.customer_id, channel = excluded.channel,
                aad_object_id = excluded.aad_object_id, tenant_id = excluded.tenant_id, name = excluded.name, email = excluded.email,
                upn = excluded.upn, looked_up_at = excluded.looked_up_at
            """,
            new
            {
                profile.AccountId,
                customerId,
                profile.Channel,
                profile.AadObjectId,
                profile.TenantId,
                profile.Name,
                profile.Email,
                profile.Upn,
                at = profile.LookedUpAt.UtcDateTime.ToString("O"),
            });
    }

    /// The customer's profile (the latest looked up, should they use several accounts).
    public async Task<CustomerProfile?> FindAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<Row>(
            """
            SELECT account_id AS AccountId, channel AS Channel, aad_object_id AS AadObjectId, tenant_id AS TenantId, name AS Name,
                   email AS Email, upn AS Upn, looked_up_at AS LookedUpAt
            FROM customer_profiles WHERE customer_id = @customerId ORDER BY looked_up_at DESC
            """,
            new { customerId });
        return row?.ToProfile();
    }

    // Properties, not a positional record: SQLite names no type for a NULL, and Dapper then finds no constructor.
    private sealed class Row
    {
        public string AccountId { get; init; } = string.Empty;
        public string Channel { get; init; } = string.Empty;
        public string? AadObjectId { get; init; }
        public string? TenantId { get; init; }
        public string? Name { get; init; }
        public string? Email { get; init; }
        public string? Upn { get; init; }
        public string LookedUpAt { get; init; } = string.Empty;

        public CustomerProfile ToProfile()
            => new(AccountId, Channel, AadObjectId, TenantId, Name, Email, Upn, DateTimeOffset.Parse(LookedUpAt, CultureInfo.InvariantCulture));
    }
}
