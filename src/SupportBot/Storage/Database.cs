using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Npgsql;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Storage;

/// Hands out open connections to the configured store, SQLite or PostgreSQL. Stores take this, open a connection
/// per operation and run Dapper over it; pooling makes that cheap on both engines.
internal sealed class Database : IAsyncDisposable
{
    // SQLite connections the pool has handed out before already carry the per-connection pragmas: the pool keeps
    // the native connection open, and a pragma lasts as long as it does.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = [];
    private readonly string? _sqliteConnectionString;
    private readonly NpgsqlDataSource? _postgres;
    private readonly Lazy<SqliteGroupCommit>? _groupCommit;

    public Database(StorageOptions options, string contentRoot, ILogger<Database>? logger = null)
    {
        Provider = options.StoreProvider;
        if (Provider == StoreProvider.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            var given = GivenKeys(options.ConnectionString);
            ShortenTimeouts(builder, given);
            TuneForTurns(builder, given);
            _postgres = NpgsqlDataSource.Create(builder);
            Schema = string.IsNullOrEmpty(builder.SearchPath) ? null : builder.SearchPath.Split(',')[0].Trim();
            Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}{(Schema is null ? string.Empty : "/" + Schema)}";
            DataDirectory = Path.Combine(contentRoot, "data");
            return;
        }
        var sqlite = new SqliteConnectionStringBuilder(options.ConnectionString);
        if (!string.IsNullOrEmpty(sqlite.DataSource) && sqlite.DataSource != ":memory:" && !Path.IsPathRooted(sqlite.DataSource))
        {
            sqlite.DataSource = Path.GetFullPath(Path.Combine(contentRoot, sqlite.DataSource));
        }
        if (!string.IsNullOrEmpty(sqlite.DataSource) && sqlite.DataSource != ":memory:")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sqlite.DataSource)!);
        }
        sqlite.Pooling = true;
        sqlite.ForeignKeys = true;
        _sqliteConnectionString = sqlite.ToString();
        _groupCommit = new(() => new SqliteGroupCommit(OpenSqliteAsync, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<Database>.Instance));
        Description = sqlite.DataSource;
        DataDirectory = Path.GetDirectoryName(sqlite.DataSource) is { Length: > 0 } folder ? folder : Path.Combine(contentRoot, "data");
    }

    /// How long a SQLite connection waits for another's lock before its statement fails.
    public const int BusyTimeoutMs = 5000;

    public StoreProvider Provider { get; }

    /// SQLite: how many group commits the hot path's writes have shared so far.
    public long GroupCommits => _groupCommit is { IsValueCreated: true } group ? group.Value.Groups : 0;

    /// Whether the store answers (always, for SQLite); StoreProbe keeps it current.
    public StoreAvailability Availability { get; } = new();

    /// Where the store is, for logs (never the password).
    public string Description { get; }

    /// Where files that belong with the store live (the Direct Line signing key when none is configured).
    public string DataDirectory { get; }

    /// PostgreSQL only: the schema the connection string's Search Path names, which migrations create when missing.
    public string? Schema { get; }

    /// "column is one of the list parameter": Dapper expands a list into (@p1, @p2...) for SQLite but hands
    /// Npgsql the whole list as one array, which PostgreSQL compares with ANY.
    public string In(string column, string parameter) =>
        Provider == StoreProvider.Postgres ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            Availability.ThrowIfUnavailable();
            try
            {
                return await _postgres.OpenConnectionAsync(cancellationToken);
            }
            catch (NpgsqlException ex) when (Availability.Report(ex))
            {
                throw new StoreUnavailableException(ex);
            }
        }
        return await OpenSqliteAsync(cancellationToken);
    }

    /// A statement every turn runs (SQL that never changes, so it can be kept prepared), read by the callback. On
    /// SQLite it runs on the writer connection (SqliteGroupCommit), in the next group, prepared once: a pooled
    /// connection drops its whole page cache each time another connection commits and parses every statement again,
    /// while the writer's cache stays warm. A read sees what was committed before it and what earlier statements of
    /// its own group wrote. On PostgreSQL it runs on a pooled connection, outside any transaction (several
    /// statements in one command still commit together).
    public Task<T> RunHotAsync<T>(string sql, PrefixedParameters parameters, Func<DbDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken = default)
        => RunHotAsync(sql, parameters, read, HotWork.Write, cancellationToken);

    /// RunHotAsync for statements that only read: on SQLite they skip the savepoint a write gets in its group.
    public Task<T> ReadHotAsync<T>(string sql, PrefixedParameters parameters, Func<DbDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken = default)
        => RunHotAsync(sql, parameters, read, HotWork.Read, cancellationToken);

    /// RunHotAsync for a write no caller waits on to answer anyone (a turn's touchpoints once its reply is sent): on
    /// SQLite the writer commits it after the other writes queued with it, in a group of its own. Its caller still
    /// hears only once it is committed, so what it does next sees it.
    public Task LogHotAsync(string sql, PrefixedParameters parameters, CancellationToken cancellationToken = default)
        => RunHotAsync(sql, parameters, static (_, _) => Task.FromResult(0), HotWork.Log, cancellationToken);

    private async Task<T> RunHotAsync<T>(string sql, PrefixedParameters parameters, Func<DbDataReader, CancellationToken, Task<T>> read, HotWork work, CancellationToken cancellationToken)
    {
        if (_groupCommit is not null)
        {
            return await _groupCommit.Value.RunPreparedAsync(sql, parameters, read, work, cancellationToken);
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        parameters.AddTo(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await read(reader, cancellationToken);
    }

    private async Task<SqliteConnection> OpenSqliteAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_sqliteConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (Configured.TryGetValue(connection.Handle!, out _))
        {
            return connection;
        }
        using var pragma = connection.CreateCommand();
        // Per-connection settings (WAL itself is stored in the file by the migrator): NORMAL is durable under WAL,
        // and busy_timeout makes concurrent writers wait instead of failing.
        pragma.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={BusyTimeoutMs};";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        Configured.AddOrUpdate(connection.Handle!, Configured);
        return connection;
    }

    /// One trivial query on a fresh connection, bypassing Availability: how StoreProbe asks whether the store is back.
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        if (_postgres is null)
        {
            return;
        }
        await using var connection = await _postgres.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        command.CommandTimeout = 5;
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// Closes the pool's idle connections (and those in use once returned): after an outage they are dead.
    public void DropIdleConnections() => _postgres?.Clear();

    // A request waits at most this long for PostgreSQL before it fails (and is answered 503), unless the
    // connection string says otherwise; Npgsql's own defaults are 15 s to connect and 30 s per command.
    private static void ShortenTimeouts(NpgsqlConnectionStringBuilder builder, HashSet<string> given)
    {
        if (!given.Overlaps(["timeout", "connecttimeout", "connectiontimeout"]))
        {
            builder.Timeout = 5;
        }
        if (!given.Contains("commandtimeout"))
        {
            builder.CommandTimeout = 15;
        }
    }

    // Every turn runs the same few statements, each on a connection just taken from the pool. With Npgsql's defaults
    // PostgreSQL parsed and planned every one of them again, and each connection's return to the pool sent DISCARD ALL
    // (which also drops prepared statements): on the load benchmark that was half of PostgreSQL's processor time.
    // Statements run often are prepared once per connection and kept, and the pool does not reset a connection's
    // session, which nothing here changes (the search path is a startup parameter; the migrator's lock is per
    // transaction). The pool holds at most 20 connections rather than 100: a statement takes about a millisecond, so
    // 20 serve thousands a second, and 64 customers at once otherwise opened 64 server processes that took turns on the
    // server's processors (17 % fewer turns a second than with 20 on the 64-customer benchmark). Commands of
    // concurrent turns are multiplexed: written together onto the connections that are open, each caller still waiting
    // for its own results, so that under load a write to the socket and a wake-up of a server process carry several
    // turns' statements instead of one (nothing here keeps state on a connection between commands: transactions hold
    // theirs while they run). A connection string that sets any of these keeps its own.
    private static void TuneForTurns(NpgsqlConnectionStringBuilder builder, HashSet<string> given)
    {
        if (!given.Overlaps(["maxpoolsize", "maximumpoolsize"]))
        {
            builder.MaxPoolSize = 20;
        }
        if (!given.Contains("maxautoprepare"))
        {
            builder.MaxAutoPrepare = 100;
        }
        if (!given.Contains("noresetonclose"))
        {
            builder.NoResetOnClose = true;
        }
        if (!given.Contains("multiplexing"))
        {
            builder.Multiplexing = true;
        }
    }

    private static HashSet<string> GivenKeys(string? connectionString)
        => new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        else
        {
            if (_groupCommit is { IsValueCreated: true })
            {
                await _groupCommit.Value.DisposeAsync();
            }
            // Pooled SQLite connections keep the file open; release them so the file can be removed (tests, eval).
            using var connection = new SqliteConnection(_sqliteConnectionString);
            SqliteConnection.ClearPool(connection);
        }
    }
}
