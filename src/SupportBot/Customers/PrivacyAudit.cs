using System.Data.Common;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Customers;

/// The audit trail of what was done with customers' data: the action, who did it, when, and row counts. It never
/// names the customer, so an erased person leaves no trace in it.
internal sealed class PrivacyAudit(Database database, TimeProvider time)
{
    public const string Export = "export";
    public const string Erase = "erase";
    public const string Merge = "merge";
    public const string Retention = "retention";

    public async Task RecordAsync(string action, string actor, string detail, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(Insert, Row(action, actor, detail));
    }

    public Task RecordAsync(DbConnection connection, DbTransaction transaction, string action, string actor, string detail)
        => connection.ExecuteAsync(Insert, Row(action, actor, detail), transaction);

    public async Task<IReadOnlyList<PrivacyAuditEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PrivacyAuditEntry>(
            "SELECT id AS Id, occurred_at AS OccurredAt, action AS Action, actor AS Actor, detail AS Detail FROM privacy_audit ORDER BY id");
        return [.. rows];
    }

    private const string Insert = "INSERT INTO privacy_audit (occurred_at, action, actor, detail) VALUES (@at, @action, @actor, @detail)";

    private object Row(string action, string actor, string detail) => new { at = time.GetUtcNow().UtcDateTime.ToString("O"), action, actor, detail };
}

internal sealed record PrivacyAuditEntry(long Id, string OccurredAt, string Action, string Actor, string Detail);
