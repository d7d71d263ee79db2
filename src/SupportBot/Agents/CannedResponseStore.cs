using System.Data.Common;
using System.Globalization;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Agents;

/// The canned responses in the store: the team's set (owner NULL) and each agent's personal set.
internal sealed class CannedResponseStore(Database database, TimeProvider time)
{
    private const string Columns = "id, owner, shortcut, title, text, updated_at, updated_by";

    /// The team's set and the agent's own, by shortcut (a personal one before a team one with the same shortcut).
    public async Task<IReadOnlyList<CannedResponse>> ListForAsync(string agentId, CancellationToken cancellationToken)
        => await QueryAsync(
            $"SELECT {Columns} FROM canned_responses WHERE owner IS NULL OR owner = @agentId ORDER BY shortcut, CASE WHEN owner IS NULL THEN 1 ELSE 0 END",
            new { agentId },
            cancellationToken);

    public async Task<CannedResponse?> FindAsync(string id, CancellationToken cancellationToken)
        => (await QueryAsync($"SELECT {Columns} FROM canned_responses WHERE id = @id", new { id }, cancellationToken)).SingleOrDefault();

    /// The new response, or null when its set already has that shortcut.
    public async Task<CannedResponse?> CreateAsync(string? owner, string shortcut, string title, string text, string by, CancellationToken cancellationToken)
    {
        var response = new CannedResponse(Guid.NewGuid().ToString("N"), owner, shortcut, title, text, time.GetUtcNow(), by);
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO canned_responses (id, owner, shortcut, title, text, updated_at, updated_by)
            VALUES (@Id, @Owner, @Shortcut, @Title, @Text, @at, @UpdatedBy)
            ON CONFLICT DO NOTHING
            """,
            new { response.Id, response.Owner, response.Shortcut, response.Title, response.Text, at = Stamp(response.UpdatedAt), response.UpdatedBy });
        return inserted == 1 ? response : null;
    }

    /// False when another response of its set has that shortcut.
    public async Task<bool> UpdateAsync(CannedResponse response, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(
                "UPDATE canned_responses SET shortcut = @Shortcut, title = @Title, text = @Text, updated_at = @at, updated_by = @UpdatedBy WHERE id = @Id",
                new { response.Id, response.Shortcut, response.Title, response.Text, at = Stamp(response.UpdatedAt), response.UpdatedBy });
            return true;
        }
        catch (DbException ex) when (IsUniqueViolation(ex))
        {
            return false;
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM canned_responses WHERE id = @id", new { id }) == 1;
    }

    public DateTimeOffset Now => time.GetUtcNow();

    // SQLite reports SQLITE_CONSTRAINT (19); PostgreSQL unique_violation (23505).
    private static bool IsUniqueViolation(DbException ex)
        => ex is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } || ex.SqlState == "23505";

    private static string Stamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<CannedResponse>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Id, string? Owner, string Shortcut, string Title, string Text, string UpdatedAt, string UpdatedBy)>(sql, parameters);
        return [.. rows.Select(r => new CannedResponse(r.Id, r.Owner, r.Shortcut, r.Title, r.Text, DateTimeOffset.Parse(r.UpdatedAt, CultureInfo.InvariantCulture), r.UpdatedBy))];
    }
}
