using Npgsql;

namespace SupportBot.Tests.Hosting;

/// The store a test host runs on: a fresh SQLite file; or, when the suite runs with Storage__Provider=postgres, a
/// fresh schema in the PostgreSQL database that Storage__ConnectionString names (tests/run.sh starts one). Hosts
/// that share one TestStore see the same data, as a restarted host does.
public sealed class TestStore : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "supportbot-tests", Guid.NewGuid().ToString("N"));
    private readonly string? _postgres;
    private readonly string _schema = $"test_{Guid.NewGuid():N}";

    /// forceSqlite: an SQLite store whatever the suite runs on (to compare the engines).
    public TestStore(bool forceSqlite = false)
    {
        _postgres = !forceSqlite && Environment.GetEnvironmentVariable("Storage__Provider") == "postgres"
            ? Environment.GetEnvironmentVariable("Storage__ConnectionString")
            : null;
        Directory.CreateDirectory(_directory);
        ConnectionString = _postgres is null
            ? $"Data Source={Path.Combine(_directory, "supportbot.db")}"
            : new NpgsqlConnectionStringBuilder(_postgres) { SearchPath = _schema }.ConnectionString;
    }

    public string Provider => _postgres is null ? "sqlite" : "postgres";

    /// The host's Storage:ConnectionString (the host creates the schema when it migrates).
    public string ConnectionString { get; }

    public void Dispose()
    {
        if (_postgres is not null)
        {
            using var connection = new NpgsqlConnection(_postgres);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            drop.ExecuteNonQuery();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
