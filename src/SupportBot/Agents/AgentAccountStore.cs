using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Identity;
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

    /// False when an account with that id exists already.
    public async Task<bool> CreateAsync(string id, string name, string role, string password, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO agent_accounts (id, name, role, password_hash, created_at) VALUES (@id, @name, @role, @hash, @at)
            ON CONFLICT (id) DO NOTHING
            """,
            new { id, name, role, hash = Hasher.HashPassword(Nobody, password), at = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) });
        return inserted == 1;
    }

    public async Task<AgentAccount?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Id, string Name, string Role, string PasswordHash, string CreatedAt)>(
            "SELECT id, name, role, password_hash, created_at FROM agent_accounts WHERE id = @id", new { id });
        return row.Id is null ? null : new AgentAccount(row.Id, row.Name, row.Role, row.PasswordHash, DateTimeOffset.Parse(row.CreatedAt, CultureInfo.InvariantCulture));
    }

    /// The account when the password is right, else null.
    public async Task<AgentAccount?> VerifyAsync(string id, string password, CancellationToken cancellationToken)
    {
        var account = AgentAccount.IsValidId(id) ? await FindAsync(id, cancellationToken) : null;
        var result = Hasher.VerifyHashedPassword(Nobody, account?.PasswordHash ?? DecoyHash, password);
        if (account is null || result == PasswordVerificationResult.Failed)
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
}
