using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Identity;
using SupportBot.Handoff;
using SupportBot.Storage;

namespace SupportBot.Agents;

/// Console accounts in the store, passwords hashed with ASP.NET Core Identity's PasswordHasher (PBKDF2, salted, with
/// the algorithm versioned in the hash so stronger settings rehash on the next sign-in).
internal sealed class AgentAccountStore(Database database, TimeProvider time)
{
    private static readonly PasswordHasher<AgentAccount> Hasher = new();
    private static readonly AgentAccount Nobody = new(string.Empty, string.Empty, string.Empty, string.Empty, DateTimeOffset.MinValue);
    // An unknown id is verified against this, so a wrong id takes as long as a wrong password.
    private static readonly string DecoyHash = Hasher.HashPassword(Nobody, Guid.NewGuid().ToString());

    private const string Columns = "id, name, role, password_hash, created_at, disabled_at, session_version, entra_object_id";

    /// False when an account with that id exists already.
    public Task<bool> CreateAsync(string id, string name, string role, string password, CancellationToken cancellationToken)
        => InsertAsync(id, name, role, Hasher.HashPassword(Nobody, password), null, cancellationToken);

    /// An Entra ID user's account, made on their first sign-in; it has no password, so only Entra ID signs it in.
    public Task<bool> CreateEntraIdAsync(string id, string name, string role, string objectId, CancellationToken cancellationToken)
        => InsertAsync(id, name, role, string.Empty, objectId, cancellationToken);

    public async Task<AgentAccount?> FindAsync(string id, CancellationToken cancellationToken)
        => (await QueryAsync($"SELECT {Columns} FROM agent_accounts WHERE id = @id", new { id }, cancellationToken)).SingleOrDefault();

    public async Task<AgentAccount?> FindByEntraObjectIdAsync(string objectId, CancellationToken cancellationToken)
        => (await QueryAsync($"SELECT {Columns} FROM agent_accounts WHERE entra_object_id = @objectId", new { objectId }, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<AgentAccount>> ListAsync(CancellationToken cancellationToken)
        => QueryAsync($"SELECT {Columns} FROM agent_accounts ORDER BY id", null, cancellationToken);

    /// The account when the password is right and it may sign in, else null.
    public async Task<AgentAccount?> VerifyAsync(string id, string password, CancellationToken cancellationToken)
    {
        var account = AgentAccount.IsValidId(id) ? await FindAsync(id, cancellationToken) : null;
        // Entra ID accounts have no hash: they are checked against the decoy, which no password matches.
        var hash = account is { PasswordHash.Length: > 0 } ? account.PasswordHash : DecoyHash;
        var result = Hasher.VerifyHashedPassword(Nobody, hash, password);
        if (account is null || account.Disabled || hash == DecoyHash || result == PasswordVerificationResult.Failed)
        {
            return null;
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync("UPDATE agent_accounts SET password_hash = @hash WHERE id = @id", new { id = account.Id, hash = Hasher.HashPassword(Nobody, password) });
        }
        return account;
    }

    // Each change below ends the account's sessions: it moves session_version on. False: no such account, or (for
    // the changes that take a supervisor away) it is the last enabled supervisor.
    public Task<bool> SetDisabledAsync(string id, bool disabled, CancellationToken cancellationToken)
        => ChangeAsync($"UPDATE agent_accounts SET disabled_at = @at, {NextVersion} WHERE id = @id", new { id, at = disabled ? Now : null }, disabled, cancellationToken);

    public Task<bool> SetRoleAsync(string id, string role, CancellationToken cancellationToken)
        => ChangeAsync($"UPDATE agent_accounts SET role = @role, {NextVersion} WHERE id = @id", new { id, role }, role != AgentIdentity.SupervisorRole, cancellationToken);

    public Task<bool> SetPasswordAsync(string id, string password, CancellationToken cancellationToken)
        => ChangeAsync($"UPDATE agent_accounts SET password_hash = @hash, {NextVersion} WHERE id = @id", new { id, hash = Hasher.HashPassword(Nobody, password) }, false, cancellationToken);

    public Task<bool> EndSessionsAsync(string id, CancellationToken cancellationToken)
        => ChangeAsync($"UPDATE agent_accounts SET {NextVersion} WHERE id = @id", new { id }, false, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
        => ChangeAsync("DELETE FROM agent_accounts WHERE id = @id", new { id }, true, cancellationToken);

    /// Whether another enabled supervisor account than this one exists.
    public async Task<bool> HasAnotherSupervisorAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>($"SELECT {AnotherSupervisor}", new { id });
    }

    private string Now => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private async Task<bool> InsertAsync(string id, string name, string role, string hash, string? objectId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO agent_accounts (id, name, role, password_hash, created_at, entra_object_id) VALUES (@id, @name, @role, @hash, @at, @objectId)
            ON CONFLICT DO NOTHING
            """,
            new { id, name, role, hash, at = Now, objectId });
        return inserted == 1;
    }

    private const string NextVersion = "session_version = session_version + 1";

    private const string AnotherSupervisor =
        "EXISTS (SELECT 1 FROM agent_accounts o WHERE o.id <> @id AND o.role = 'supervisor' AND o.disabled_at IS NULL)";

    // A change that could take away the last enabled supervisor checks for another one in its own statement. SQLite
    // runs writes one at a time, so that is enough there; on PostgreSQL two such changes at once (each removing the
    // other) would both see the other still there, so they take one lock in turn.
    private async Task<bool> ChangeAsync(string sql, object parameters, bool takesSupervisorAway, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (takesSupervisorAway && database.Provider == StoreProvider.Postgres)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended('supportbot-supervisors', 0))", transaction: transaction);
        }
        var guard = takesSupervisorAway ? $" AND (role <> 'supervisor' OR disabled_at IS NOT NULL OR {AnotherSupervisor})" : string.Empty;
        var changed = await connection.ExecuteAsync(sql + guard, parameters, transaction) == 1;
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private async Task<IReadOnlyList<AgentAccount>> QueryAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Id, string Name, string Role, string PasswordHash, string CreatedAt, string? DisabledAt, long SessionVersion, string? EntraObjectId)>(
            sql, parameters);
        return [.. rows.Select(r => new AgentAccount(
            r.Id, r.Name, r.Role, r.PasswordHash, DateTimeOffset.Parse(r.CreatedAt, CultureInfo.InvariantCulture), r.DisabledAt is not null, r.SessionVersion, r.EntraObjectId))];
    }
}
