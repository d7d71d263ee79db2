using Dapper;
using SupportBot.Storage;

namespace SupportBot.Hosting;

/// RevocationList's rows in the store, used when no Redis is configured; times are Unix seconds. Rows are pruned
/// once nothing they concern can still be valid.
internal sealed class RevocationStore(Database database)
{
    public async Task AddAsync(IReadOnlyList<(string Subject, long RevokedAt, long ExpiresAt)> revocations, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (subject, revokedAt, expiresAt) in revocations)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO token_revocations (subject, revoked_at, expires_at) VALUES (@subject, @revokedAt, @expiresAt)
                ON CONFLICT (subject) DO UPDATE SET revoked_at = excluded.revoked_at, expires_at = excluded.expires_at
                """,
                new { subject, revokedAt, expiresAt },
                transaction);
        }
        // Revocations are rare, so pruning as they are written keeps the table small without a timer.
        await connection.ExecuteAsync(
            "DELETE FROM token_revocations WHERE expires_at <= @now", new { now = revocations.Min(r => r.RevokedAt) }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    /// When each of the subjects was revoked, for those revoked and not yet expired.
    public async Task<IReadOnlyDictionary<string, long>> FindAsync(string[] subjects, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Subject, long RevokedAt)>(
            $"SELECT subject, revoked_at FROM token_revocations WHERE {database.In("subject", "subjects")} AND expires_at > @now",
            new { subjects, now });
        return rows.ToDictionary(r => r.Subject, r => r.RevokedAt, StringComparer.Ordinal);
    }
}
