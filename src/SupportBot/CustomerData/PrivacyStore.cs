using System.Data.Common;
using System.Text.Json;
using Dapper;
using SupportBot.Customers;
using SupportBot.Storage;
using SupportBot.Touchpoints.External;

namespace SupportBot.CustomerData;

/// A customer's data on request: everything stored about them (export) or none of it any more (erase). Their
/// conversations are found through their touchpoints, their handoffs and their Direct Line user ids.
internal sealed partial class PrivacyStore(
    Database database, CustomerStore customers, IErasedConversations channels, PrivacyAudit audit, TimeProvider time,
    ILogger<PrivacyStore> logger)
{
    public async Task<CustomerExport> ExportAsync(string customerId, string actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var conversations = await ConversationsAsync(connection, transaction, customerId);
        var ids = conversations.Select(c => c.Id).ToList();
        var touchpoints = await RowsAsync(connection, transaction, "SELECT * FROM touchpoints WHERE customer_id = @customerId ORDER BY occurred_at, id", new { customerId });
        var handoffs = await RowsAsync(connection, transaction, "SELECT * FROM handoffs WHERE customer_id = @customerId ORDER BY id", new { customerId });
        var verifications = await RowsAsync(connection, transaction, "SELECT * FROM customer_verifications WHERE customer_id = @customerId ORDER BY verified_at", new { customerId });
        var profiles = await RowsAsync(connection, transaction, "SELECT * FROM customer_profiles WHERE customer_id = @customerId ORDER BY looked_up_at", new { customerId });
        var activities = (await connection.QueryAsync<(string ConversationId, string Json)>(
            $"SELECT conversation_id, json FROM directline_activities WHERE {database.In("conversation_id", "ids")} ORDER BY conversation_id, sequence", new { ids }, transaction))
            .ToLookup(a => a.ConversationId, a => JsonDocument.Parse(a.Json).RootElement.Clone());
        var attachments = (await connection.QueryAsync<AttachmentMetadata>(
            $"""
            SELECT id AS Id, conversation_id AS ConversationId, name AS Name, content_type AS ContentType, LENGTH(content) AS Bytes, created_at AS CreatedAt
            FROM directline_attachments WHERE {database.In("conversation_id", "ids")} ORDER BY created_at, id
            """,
            new { ids },
            transaction)).ToLookup(a => a.ConversationId);
        var export = new CustomerExport(
            customerId,
            time.GetUtcNow(),
            await customers.IdentitiesAsync(customerId, cancellationToken),
            touchpoints,
            handoffs,
            [.. conversations.Select(c => new ConversationExport(c.Id, c.Channel, [.. activities[c.Id]], [.. attachments[c.Id]]))])
        {
            Verifications = verifications,
            Profiles = profiles,
        };
        await audit.RecordAsync(connection, transaction, PrivacyAudit.Export, actor,
            $"identities={export.Identities.Count} touchpoints={touchpoints.Count} conversations={conversations.Count} handoffs={handoffs.Count}");
        await transaction.CommitAsync(cancellationToken);
        LogExported(logger, customerId, touchpoints.Count, conversations.Count, actor);
        return export;
    }

    /// Deletes every touchpoint, transcript, attachment, handoff, identity and remembered touchpoint post of the
    /// customer, in one transaction, revokes every Direct Line token of their conversations and drops those from
    /// every instance's memory. A turn of theirs still running writes nothing of them back (ErasedCustomers).
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string customerId, string actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Tokens first: should revoking fail (Redis down), nothing is erased yet and the erasure can be repeated.
        var revoked = (await ConversationsAsync(connection, null, customerId)).Select(c => c.Id).ToList();
        await channels.RevokeAsync(revoked, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var customerIds = (await connection.QueryAsync<string>(
            "SELECT id FROM customers WHERE id = @customerId OR merged_into = @customerId", new { customerId }, transaction)).ToList();
        await ErasedCustomers.AddAsync(database, connection, transaction, customerIds, time.GetUtcNow());
        var conversations = await ConversationsAsync(connection, transaction, customerId);
        var ids = conversations.Select(c => c.Id).ToList();
        var keys = conversations.Select(c => $"{c.Channel}/{c.Id}").ToList();
        var parameters = new { customerId, ids, keys, customerIds };
        var deleted = new Dictionary<string, int>(StringComparer.Ordinal);
        async Task DeleteAsync(string table, string where) => deleted[table] = deleted.GetValueOrDefault(table)
            + await connection.ExecuteAsync($"DELETE FROM {table} WHERE {where}", parameters, transaction);

        await DeleteAsync("directline_attachments", database.In("conversation_id", "ids"));
        await DeleteAsync("directline_activities", database.In("conversation_id", "ids"));
        await DeleteAsync("directline_conversations", database.In("id", "ids"));
        await DeleteAsync("inbound_activities", database.In("conversation_id", "ids"));
        await DeleteAsync("connector_outbox", $"{database.In("conversation_key", "keys")} OR {database.In("customer_id", "customerIds")}");
        await DeleteAsync("agent_mentions", database.In("conversation_id", "ids"));
        await DeleteAsync("teams_file_offers", database.In("conversation_id", "ids"));
        await DeleteAsync("tickets", database.In("customer_id", "customerIds"));
        await DeleteAsync("sla_breaches", "handoff_id IN (SELECT id FROM handoffs WHERE customer_id = @customerId)");
        await DeleteAsync("handoffs", "customer_id = @customerId");
        await DeleteAsync("touchpoints", "customer_id = @customerId");
        await DeleteAsync("customer_identities", "customer_id = @customerId");
        await DeleteAsync("customer_verifications", "customer_id = @customerId");
        await DeleteAsync("customer_profiles", "customer_id = @customerId");
        await DeleteAsync("customers", "id = @customerId OR merged_into = @customerId");
        deleted["idempotency_keys"] = await IdempotencyKeys.ForgetCustomersAsync(connection, transaction, customerIds);
        var detail = string.Join(" ", deleted.Select(d => $"{d.Key}={d.Value}"));
        await audit.RecordAsync(connection, transaction, PrivacyAudit.Erase, actor, detail);
        await transaction.CommitAsync(cancellationToken);
        await channels.ForgetAsync(ids);
        // A conversation started between the two reads.
        await channels.RevokeAsync([.. ids.Except(revoked, StringComparer.Ordinal)], cancellationToken);
        LogErased(logger, actor, detail);
        return deleted;
    }

    private static async Task<List<(string Id, string Channel)>> ConversationsAsync(DbConnection connection, DbTransaction? transaction, string customerId)
    {
        var rows = await connection.QueryAsync<(string Id, string Channel)>(
            """
            SELECT conversation_id, MIN(channel) FROM touchpoints WHERE customer_id = @customerId AND conversation_id <> '' GROUP BY conversation_id
            UNION
            SELECT conversation_id, MIN(channel) FROM handoffs WHERE customer_id = @customerId GROUP BY conversation_id
            UNION
            SELECT c.id, 'directline' FROM directline_conversations c
            JOIN customer_identities i ON i.kind = 'directline' AND i.value = c.user_id
            WHERE i.customer_id = @customerId
            """,
            new { customerId },
            transaction);
        return [.. rows.DistinctBy(r => r.Id)];
    }

    private static async Task<List<IDictionary<string, object?>>> RowsAsync(DbConnection connection, DbTransaction transaction, string sql, object parameters)
        => [.. (await connection.QueryAsync(sql, parameters, transaction)).Cast<IDictionary<string, object?>>()];

    [LoggerMessage(Level = LogLevel.Information, Message = "Exported customer {CustomerId}: {Touchpoints} touchpoints, {Conversations} conversations (by {Actor})")]
    private static partial void LogExported(ILogger logger, string customerId, int touchpoints, int conversations, string actor);

    // The erased customer is not named: after erasure no log line should lead back to them.
    [LoggerMessage(Level = LogLevel.Information, Message = "Erased a customer on request by {Actor}: {Deleted}")]
    private static partial void LogErased(ILogger logger, string actor, string deleted);
}

internal sealed record CustomerExport(
    string CustomerId, DateTimeOffset ExportedAt, IReadOnlyList<CustomerIdentity> Identities, IReadOnlyList<IDictionary<string, object?>> Touchpoints,
    IReadOnlyList<IDictionary<string, object?>> Handoffs, IReadOnlyList<ConversationExport> Conversations)
{
    /// Who the customer proved to be by signing in (customer_verifications).
    public IReadOnlyList<IDictionary<string, object?>> Verifications { get; init; } = [];

    /// Who the customer's channel says they are (customer_profiles: Teams' roster record).
    public IReadOnlyList<IDictionary<string, object?>> Profiles { get; init; } = [];
}

internal sealed record ConversationExport(string ConversationId, string Channel, IReadOnlyList<JsonElement> Activities, IReadOnlyList<AttachmentMetadata> Attachments);

internal sealed record AttachmentMetadata
{
    public string Id { get; init; } = string.Empty;
    public string ConversationId { get; init; } = string.Empty;
    public string Name { get; init; } = string.Empty;
    public string ContentType { get; init; } = string.Empty;
    public long Bytes { get; init; }
    public string CreatedAt { get; init; } = string.Empty;
}
