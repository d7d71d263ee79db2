using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace SupportBot.Storage;

/// Applies the embedded Migrations/{sqlite|postgres}/NNNN_name.sql scripts of the configured engine in order, each
/// once. The two folders hold the same migrations under the same names, so both engines have the same schema.
internal sealed partial class Migrator(Database database, ILogger<Migrator> logger)
{
    // Waiting for another instance's migration, or one migration over a large table, may take longer than the
    // store's per-command timeout, which is meant for requests.
    private const int NoLimit = 0;

    private const string CreateVersionTable = "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)";

    /// The versions applied by this call (none when the store was up to date).
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return database.Provider == StoreProvider.Postgres
            ? await MigratePostgresAsync(connection, cancellationToken)
            : await MigrateSqliteAsync(connection, cancellationToken);
    }

    private async Task<IReadOnlyList<string>> MigrateSqliteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL lets readers run beside the writer; the mode is kept in the database file, so setting it once is enough.
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL");
        await connection.ExecuteAsync(CreateVersionTable);
        var applied = new List<string>();
        foreach (var (version, sql) in await PendingAsync(connection, null))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ApplyAsync(connection, transaction, version, sql);
            await transaction.CommitAsync(cancellationToken);
            applied.Add(version);
        }
        return applied;
    }

    /// Instances starting together all try to migrate: a transaction-scoped advisory lock lets one do it while the
    /// others wait and then find nothing left to do. PostgreSQL's DDL is transactional, so it is all or nothing.
    private async Task<IReadOnlyList<string>> MigratePostgresAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var schema = database.Schema ?? "public";
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext(@key))", new { key = "supportbot-migrations:" + schema }, transaction, commandTimeout: NoLimit);
        if (database.Schema is not null && PlainIdentifier().IsMatch(schema))
        {
            // Unquoted, as search_path reads it (folded to lower case).
            await connection.ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {schema}", transaction: transaction);
        }
        await connection.ExecuteAsync(CreateVersionTable, transaction: transaction);
        var applied = new List<string>();
        foreach (var (version, sql) in await PendingAsync(connection, transaction))
        {
            await ApplyAsync(connection, transaction, version, sql);
            applied.Add(version);
        }
        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    private async Task<IEnumerable<(string Version, string Sql)>> PendingAsync(DbConnection connection, DbTransaction? transaction)
    {
        var applied = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations", transaction: transaction)).ToHashSet(StringComparer.Ordinal);
        return LoadScripts(database.Provider).Where(script => !applied.Contains(script.Version));
    }

    private async Task ApplyAsync(DbConnection connection, DbTransaction transaction, string version, string sql)
    {
        await connection.ExecuteAsync(sql, transaction: transaction, commandTimeout: NoLimit);
        await connection.ExecuteAsync(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)",
            new { version, at = DateTimeOffset.UtcNow.ToString("O") },
            transaction);
        LogApplied(logger, version, database.Description);
    }

    public static IReadOnlyList<(string Version, string Sql)> LoadScripts(StoreProvider provider)
    {
        var prefix = $"SupportBot.Storage.Migrations.{provider.ToString().ToLowerInvariant()}.";
        var assembly = Assembly.GetExecutingAssembly();
        var scripts = new List<(string, string)>();
        foreach (var name in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            scripts.Add((name[prefix.Length..^".sql".Length], reader.ReadToEnd()));
        }
        return scripts;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainIdentifier();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} to {Database}")]
    private static partial void LogApplied(ILogger logger, string version, string database);
}
