using System.Data.Common;
using System.Globalization;
using Dapper;
using SupportBot.Customers;
using SupportBot.Storage;

namespace SupportBot.Touchpoints.External;

/// Stores touchpoints from other systems, each under the customer its references resolve to (merging customers
/// a touchpoint shows to be one person). A touchpoint already stored (same source id, or same facts) is not
/// stored again.
internal sealed partial class ExternalTouchpointStore(Database database, CustomerStore customers, ILogger<ExternalTouchpointStore> logger)
{
    public const string Channel = "external";

    /// Stores a batch in one transaction; null when a customer id names nobody (nothing is stored then).
    public async Task<IReadOnlyList<StoredTouchpoint>?> StoreAsync(IReadOnlyList<ExternalTouchpoint> batch, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await StoreAsync(connection, transaction, batch, actor, cancellationToken);
        if (stored is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        return stored;
    }

    public async Task<IReadOnlyList<StoredTouchpoint>?> StoreAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<ExternalTouchpoint> batch, string actor, CancellationToken cancellationToken)
    {
        var stored = new List<StoredTouchpoint>(batch.Count);
        foreach (var touchpoint in batch)
        {
            var customer = await customers.ResolveAsync(connection, transaction, touchpoint.Customer, actor, cancellationToken);
            if (customer.CustomerId is null)
            {
                return null;
            }
            var id = await connection.QuerySingleOrDefaultAsync<long?>(
                """
                INSERT INTO touchpoints (occurred_at, conversation_id, channel, customer_id, kind, text, source, amount, currency, attributes, external_key)
                VALUES (@OccurredAt, '', @Channel, @CustomerId, @Kind, @Summary, @Source, @Amount, @Currency, @Attributes, @ExternalKey)
                ON CONFLICT (external_key) WHERE external_key IS NOT NULL DO NOTHING
                RETURNING id
                """,
                new
                {
                    OccurredAt = touchpoint.OccurredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                    Channel,
                    customer.CustomerId,
                    touchpoint.Kind,
                    touchpoint.Summary,
                    touchpoint.Source,
                    touchpoint.Amount,
                    touchpoint.Currency,
                    touchpoint.Attributes,
                    touchpoint.ExternalKey,
                },
                transaction);
            stored.Add(new StoredTouchpoint(id, customer.CustomerId, Duplicate: id is null));
        }
        var duplicates = stored.Count(s => s.Duplicate);
        LogStored(logger, stored.Count - duplicates, duplicates, actor);
        return stored;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {Stored} external touchpoints ({Duplicates} already stored) from {Caller}")]
    private static partial void LogStored(ILogger logger, int stored, int duplicates, string caller);
}

/// What became of one posted touchpoint: its id, or none when it was already stored.
internal sealed record StoredTouchpoint(long? Id, string CustomerId, bool Duplicate);
