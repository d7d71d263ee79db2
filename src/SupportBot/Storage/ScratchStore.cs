using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SupportBot.Storage;

/// A throw-away store beside the configured one, for work that must never mix with real conversations (eval):
/// a temporary SQLite file, or a fresh schema in the configured PostgreSQL database. Removed afterwards.
internal sealed class ScratchStore
{
    private readonly StoreProvider _provider;
    private readonly string _baseConnectionString;
    private readonly string _name = $"scratch_{Guid.NewGuid():N}";

    public ScratchStore(StorageOptions configured)
    {
        _provider = configured.StoreProvider;
        _baseConnectionString = configured.ConnectionString;
        ConnectionString = _provider == StoreProvider.Postgres
            ? new NpgsqlConnectionStringBuilder(configured.ConnectionString) { SearchPath = _name }.ConnectionString
            : $"Data Source={SqliteFile}";
    }

    /// Storage:ConnectionString for the scratch store (the migrator creates the PostgreSQL schema).
    public string ConnectionString { get; }

    private string SqliteFile => Path.Combine(Path.GetTempPath(), _name + ".db");

    public async Task RemoveAsync()
    {
        if (_provider == StoreProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(_baseConnectionString);
            await connection.OpenAsync();
            await connection.ExecuteAsync($"DROP SCHEMA IF EXISTS {_name} CASCADE");
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { SqliteFile, SqliteFile + "-wal", SqliteFile + "-shm" })
        {
            File.Delete(file);
        }
    }
}
