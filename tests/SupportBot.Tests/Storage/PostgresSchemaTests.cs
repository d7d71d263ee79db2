using Dapper;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Storage;

/// PostgreSQL against SQLite: the same tables and columns with matching types, and instances that start together
/// migrate once. Runs in the PostgreSQL suite only (tests/run.sh), where the store under test is PostgreSQL.
[Trait("Store", "postgres")]
public sealed class PostgresSchemaTests
{
    [Fact]
    public async Task PostgresMigrationsBuildTheSqliteSchemaWithMatchingTypes()
    {
        using var sqliteStore = new TestStore(forceSqlite: true);
        using var postgresStore = new TestStore();
        Assert.Equal("postgres", postgresStore.Provider);
        await using var sqlite = MigrationTests.Open(sqliteStore);
        await using var postgres = MigrationTests.Open(postgresStore);
        await MigrationTests.MigrateAsync(sqlite);
        await MigrationTests.MigrateAsync(postgres);

        await using var sqliteConnection = await sqlite.OpenAsync();
        // SQLite's full-text indexes (FTS5 virtual tables and their shadow tables) are GIN indexes on PostgreSQL,
        // not tables.
        var sqliteColumns = (await sqliteConnection.QueryAsync<(string Table, string Column, string Type)>(
                """
                SELECT m.name, p.name, p.type FROM sqlite_master m JOIN pragma_table_info(m.name) p
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'
                  AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND m.name LIKE v.name || '\_%' ESCAPE '\')
                """))
            .Select(c => $"{c.Table}.{c.Column} {Family(c.Type)}").Order(StringComparer.Ordinal).ToList();
        await using var postgresConnection = await postgres.OpenAsync();
        var postgresColumns = (await postgresConnection.QueryAsync<(string Table, string Column, string Type)>(
                "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()"))
            .Select(c => $"{c.Table}.{c.Column} {Family(c.Type)}").Order(StringComparer.Ordinal).ToList();

        Assert.Contains("touchpoints.occurred_at text", sqliteColumns);
        Assert.Equal(sqliteColumns, postgresColumns);
    }

    [Fact]
    public async Task InstancesStartingTogetherMigrateOnce()
    {
        using var store = new TestStore();
        var databases = Enumerable.Range(0, 3).Select(_ => MigrationTests.Open(store)).ToList();

        var applied = await Task.WhenAll(databases.Select(MigrationTests.MigrateAsync));

        var expected = Migrator.LoadScripts(StoreProvider.Postgres).Select(s => s.Version).ToList();
        Assert.Equal(expected, applied.SelectMany(a => a).Order(StringComparer.Ordinal));
        Assert.Single(applied, a => a.Count > 0);
        await using var connection = await databases[0].OpenAsync();
        Assert.Equal(expected.Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
        foreach (var database in databases)
        {
            await database.DisposeAsync();
        }
    }

    // The type each engine's column is read back as in .NET.
    private static string Family(string type) => type.ToUpperInvariant() switch
    {
        "INTEGER" or "BIGINT" => "long",
        "REAL" or "DOUBLE PRECISION" => "double",
        "BLOB" or "BYTEA" => "bytes",
        "TEXT" => "text",
        var other => other,
    };
}
