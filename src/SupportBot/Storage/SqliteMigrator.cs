using System.Reflection;
using Dapper;

namespace SupportBot.Storage;

/// Applies the embedded Migrations/sqlite/NNNN_name.sql scripts in order, each once, each in its own transaction.
internal sealed partial class SqliteMigrator(SqliteDatabase database, ILogger<SqliteMigrator> logger)
{
    private const string ResourcePrefix = "SupportBot.Storage.Migrations.sqlite.";

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // WAL lets readers run beside the writer; the mode is kept in the database file, so setting it once is enough.
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL");
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
        var applied = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations")).ToHashSet(StringComparer.Ordinal);

        foreach (var (version, sql) in LoadScripts())
        {
            if (applied.Contains(version))
            {
                continue;
            }
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(sql, transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)",
                new { version, at = DateTimeOffset.UtcNow.ToString("O") },
                transaction);
            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, version, database.FilePath);
        }
    }

    private static IEnumerable<(string Version, string Sql)> LoadScripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[ResourcePrefix.Length..^".sql".Length], reader.ReadToEnd());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} to {Database}")]
    private static partial void LogApplied(ILogger logger, string version, string database);
}
