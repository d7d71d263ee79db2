using System.Data.Common;
using Dapper;
using SupportBot.Storage;

namespace SupportBot.Analytics;

/// A connection for the dashboard's reads of the rollup. On PostgreSQL they run in a read-only transaction with JIT
/// compilation off: the planner compiles a query whose estimated cost is high, and the drivers' correlated count per
/// rated conversation makes theirs look costly, so at 100,000 journeys compiling took 190 ms of an 860 ms read that
/// runs once. SET LOCAL ends with the transaction, so the pooled connection keeps its own settings.
internal sealed class ReportConnection : IAsyncDisposable
{
    private ReportConnection(DbConnection connection, DbTransaction? transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    public DbConnection Connection { get; }

    /// The transaction to pass with each command (none on SQLite).
    public DbTransaction? Transaction { get; }

    public static async Task<ReportConnection> OpenAsync(Database database, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        if (database.Provider != StoreProvider.Postgres)
        {
            return new ReportConnection(connection, null);
        }
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SET LOCAL jit = off; SET TRANSACTION READ ONLY", transaction: transaction, cancellationToken: cancellationToken));
        return new ReportConnection(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        if (Transaction is not null)
        {
            await Transaction.DisposeAsync();
        }
        await Connection.DisposeAsync();
    }
}
