using Dapper;
using SupportBot.Storage;

namespace SupportBot.Credentials;

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
        // Every Direct Line request and console page asks this: on SQLite it is read on the writer connection, whose
        // page cache stays warm, prepared once per number of subjects (Database.ReadHotAsync); a pooled connection
        // found its cache emptied by the writer's last commit and compiled the statement again each time.
        if (subjects.Length == 0)
        {
            return new Dictionary<string, long>();
        }
        var parameters = new PrefixedParameters(subjects.Length + 1).Add("@now", now);
        for (var i = 0; i < subjects.Length; i++)
        {
            parameters.Add(i < SubjectParameters.Length ? SubjectParameters[i] : $"@s{i}", subjects[i]);
        }
        return await database.ReadHotAsync(FindSql(subjects.Length), parameters, static async (reader, token) =>
        {
            var found = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadAsync(token))
            {
                found[reader.GetString(0)] = reader.GetInt64(1);
            }
            return found;
        }, cancellationToken);
    }

    private static readonly string[] SubjectParameters = ["@s0", "@s1", "@s2", "@s3"];

    // The texts for up to four subjects are built once, so each stays one prepared statement.
    private static readonly string[] FindSqlByCount = [.. Enumerable.Range(1, SubjectParameters.Length).Select(BuildFindSql)];

    internal static string FindSql(int subjects) => subjects <= FindSqlByCount.Length ? FindSqlByCount[subjects - 1] : BuildFindSql(subjects);

    private static string BuildFindSql(int subjects) =>
        $"SELECT subject, revoked_at FROM token_revocations WHERE subject IN ({string.Join(", ", Enumerable.Range(0, subjects).Select(i => $"@s{i}"))}) AND expires_at > @now";
}
