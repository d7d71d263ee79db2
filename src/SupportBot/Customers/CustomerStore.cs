using System.Data.Common;
using Dapper;
using SupportBot.BotFramework.Schema;
using SupportBot.Storage;

namespace SupportBot.Customers;

/// Customers and their identities. Resolving names a customer from any mix of ids and identities: unknown
/// identities are attached (a new customer when nobody is known), and when they name several customers, those
/// are one person and merge into the oldest, all in one transaction.
internal sealed partial class CustomerStore(Database database, PrivacyAudit audit, TimeProvider time, ILogger<CustomerStore> logger)
{
    /// Touchpoints of activities that name nobody.
    public const string Unknown = "unknown";

    // Merges chain (a into b, later b into c); following more links than this means the rows are corrupt.
    private const int MaxMergeLinks = 32;

    /// The customer who sent an activity (or the member it names), created on first sight.
    public async Task<string> ResolveAsync(Activity activity, ChannelAccount? account = null, CancellationToken cancellationToken = default)
        => CustomerIdentity.From(activity, account) is { } identity ? await ResolveAsync(identity, cancellationToken) : Unknown;

    /// The customer an identity is, created on first sight.
    public async Task<string> ResolveAsync(CustomerIdentity identity, CancellationToken cancellationToken = default)
    {
        var newId = CustomerReference.NewId();
        var now = time.GetUtcNow().UtcDateTime.ToString("O");
        var customer = await database.RunHotAsync(
            FindOrCreateSql,
            IdentityParameters(new PrefixedParameters(4), identity).Add("@NewId", newId).Add("@Now", now),
            static async (reader, token) => await reader.ReadAsync(token) ? reader.GetString(0) : null,
            cancellationToken) ?? throw new InvalidOperationException($"The customer of identity {identity.Kind} was neither found nor created.");
        if (customer == newId)
        {
            LogCreated(logger, customer);
        }
        return customer;
    }

    /// The customer an identity is, when a caller has already read IdentitySql (null: not seen yet, created now).
    public async Task<string> ResolveAsync(CustomerIdentity identity, string? known, CancellationToken cancellationToken)
        => known ?? await ResolveAsync(identity, cancellationToken);

    /// The customer an identity already names, for a caller that reads it together with others in one round trip.
    internal const string IdentitySql = "SELECT customer_id FROM customer_identities WHERE kind = @IdentityKind AND value = @IdentityValue";

    internal static PrefixedParameters IdentityParameters(PrefixedParameters parameters, CustomerIdentity identity)
        => parameters.Add("@IdentityKind", identity.Kind).Add("@IdentityValue", identity.Value);

    // A new customer for an identity nobody has yet, in one round trip: every new web visitor's first message (and
    // welcome) runs it, on SQLite among the writer's group commits (Database.RunHotAsync) rather than in a
    // transaction of its own on a pooled connection. Two requests may see the same new identity at once (on
    // PostgreSQL): one identity insert wins, the other's customer is left owning nothing and is deleted, and both
    // read the winner. Only the last statement returns rows, so both engines' readers start at it.
    internal const string FindOrCreateSql = $"""
        INSERT INTO customers (id, created_at)
        SELECT @NewId, @Now WHERE NOT EXISTS (SELECT 1 FROM customer_identities WHERE kind = @IdentityKind AND value = @IdentityValue);
        INSERT INTO customer_identities (kind, value, customer_id, created_at)
        SELECT @IdentityKind, @IdentityValue, @NewId, @Now WHERE EXISTS (SELECT 1 FROM customers WHERE id = @NewId)
        ON CONFLICT (kind, value) DO NOTHING;
        DELETE FROM customers WHERE id = @NewId AND NOT EXISTS (SELECT 1 FROM customer_identities WHERE customer_id = @NewId);
        {IdentitySql}
        """;

    /// Resolves references as one person (merging what they name) in its own transaction.
    public async Task<CustomerResolution> ResolveAsync(IReadOnlyList<CustomerReference> references, string actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var resolved = await ResolveAsync(connection, transaction, references, actor, cancellationToken);
        if (resolved.CustomerId is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return resolved;
    }

    /// Within the caller's transaction. A customer id that does not exist makes the result unknown and changes nothing.
    public async Task<CustomerResolution> ResolveAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<CustomerReference> references, string actor, CancellationToken cancellationToken)
    {
        var customers = new List<string>();
        var unattached = new List<CustomerIdentity>();
        foreach (var reference in references)
        {
            var found = reference.Identity is { } identity
                ? await connection.QuerySingleOrDefaultAsync<string>(
                    "SELECT customer_id FROM customer_identities WHERE kind = @Kind AND value = @Value", identity, transaction)
                : reference.CustomerId;
            var live = found is null ? null : await LiveAsync(connection, transaction, found);
            if (reference.CustomerId is not null && live is null)
            {
                return new CustomerResolution(null, [], [reference.CustomerId]);
            }
            if (live is null)
            {
                unattached.Add(reference.Identity!);
            }
            else if (!customers.Contains(live, StringComparer.Ordinal))
            {
                customers.Add(live);
            }
        }

        var now = time.GetUtcNow().UtcDateTime.ToString("O");
        string survivor;
        if (customers.Count == 0)
        {
            survivor = CustomerReference.NewId();
            await connection.ExecuteAsync("INSERT INTO customers (id, created_at) VALUES (@survivor, @now)", new { survivor, now }, transaction);
            LogCreated(logger, survivor);
        }
        else
        {
            // The oldest customer survives, so the id agents have seen longest stays.
            survivor = await connection.QueryFirstAsync<string>(
                $"SELECT id FROM customers WHERE {database.In("id", "customers")} ORDER BY created_at, id", new { customers }, transaction);
        }
        var merged = customers.Where(c => c != survivor).ToList();
        foreach (var absorbed in merged)
        {
            await MergeAsync(connection, transaction, absorbed, survivor, actor);
        }
        foreach (var identity in unattached.Distinct())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO customer_identities (kind, value, customer_id, created_at) VALUES (@Kind, @Value, @survivor, @now)
                ON CONFLICT (kind, value) DO NOTHING
                """,
                new { identity.Kind, identity.Value, survivor, now },
                transaction);
        }
        return new CustomerResolution(survivor, merged, []);
    }

    /// The customer an id names now: itself, or the customer it was merged into. Null when unknown.
    public async Task<string?> FindAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return await LiveAsync(connection, transaction, customerId);
    }

    /// A customer by id, or by one of their identities ("email:ana@example.com"), as a path names one.
    public async Task<string?> FindAsync(string idOrIdentity, bool allowIdentity, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(idOrIdentity, cancellationToken) is { } customer)
        {
            return customer;
        }
        if (!allowIdentity || CustomerIdentity.TryParse(idOrIdentity, out _) is not { } identity)
        {
            return null;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT customer_id FROM customer_identities WHERE kind = @Kind AND value = @Value", identity);
    }

    public async Task<IReadOnlyList<CustomerIdentity>> IdentitiesAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Kind, string Value)>(
            "SELECT kind, value FROM customer_identities WHERE customer_id = @customerId ORDER BY created_at, kind, value", new { customerId });
        return [.. rows.Select(r => new CustomerIdentity(r.Kind, r.Value))];
    }

    private static async Task<string?> LiveAsync(DbConnection connection, DbTransaction transaction, string customerId)
    {
        var id = customerId;
        for (var link = 0; link < MaxMergeLinks; link++)
        {
            var row = await connection.QuerySingleOrDefaultAsync<CustomerRow>(
                "SELECT id, merged_into FROM customers WHERE id = @id", new { id }, transaction);
            if (row is null)
            {
                return null;
            }
            if (row.merged_into is null)
            {
                return row.id;
            }
            id = row.merged_into;
        }
        throw new InvalidOperationException($"Customer '{customerId}' has a merge chain longer than {MaxMergeLinks} links.");
    }

    // Everything of the absorbed customer moves to the survivor; the absorbed row (and any merged into it) then
    // points at the survivor, so merging the same pair again finds one customer and changes nothing.
    private async Task MergeAsync(DbConnection connection, DbTransaction transaction, string absorbed, string survivor, string actor)
    {
        var ids = new { absorbed, survivor };
        var identities = await connection.ExecuteAsync("UPDATE customer_identities SET customer_id = @survivor WHERE customer_id = @absorbed", ids, transaction);
        var touchpoints = await connection.ExecuteAsync("UPDATE touchpoints SET customer_id = @survivor WHERE customer_id = @absorbed", ids, transaction);
        var handoffs = await connection.ExecuteAsync("UPDATE handoffs SET customer_id = @survivor WHERE customer_id = @absorbed", ids, transaction);
        await connection.ExecuteAsync("UPDATE customer_verifications SET customer_id = @survivor WHERE customer_id = @absorbed", ids, transaction);
        await connection.ExecuteAsync("UPDATE customer_profiles SET customer_id = @survivor WHERE customer_id = @absorbed", ids, transaction);
        await connection.ExecuteAsync("UPDATE customers SET merged_into = @survivor WHERE id = @absorbed OR merged_into = @absorbed", ids, transaction);
        await audit.RecordAsync(connection, transaction, PrivacyAudit.Merge, actor, $"identities={identities} touchpoints={touchpoints} handoffs={handoffs}");
        LogMerged(logger, absorbed, survivor, identities, touchpoints, handoffs, actor);
    }

    private sealed record CustomerRow(string id, string? merged_into);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Created customer {CustomerId}")]
    private static partial void LogCreated(ILogger logger, string customerId);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Merged customer {Absorbed} into {Survivor}: {Identities} identities, {Touchpoints} touchpoints, {Handoffs} handoffs re-pointed (by {Actor})")]
    private static partial void LogMerged(ILogger logger, string absorbed, string survivor, int identities, int touchpoints, int handoffs, string actor);
}

/// The customer references resolved to (null when they named an unknown customer id), the customers merged into
/// it, and the unknown ids.
internal sealed record CustomerResolution(string? CustomerId, IReadOnlyList<string> Merged, IReadOnlyList<string> Unknown);
