using Microsoft.Extensions.Logging.Abstractions;
using SQLitePCL;
using SupportBot.Channels.BotFramework;
using SupportBot.Channels.DirectLine;
using SupportBot.Conversations;
using SupportBot.Credentials;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Storage;

/// The statements every turn runs are kept prepared on SQLite's writer connection (Database.RunHotAsync). That only
/// pays while SQLite keeps them compiled: a statement whose plan depends on a value bound to it (a bound LIMIT, a
/// parameter compared against a partial index's condition) is compiled again on every run after its values change.
public sealed class HotStatementTests : IAsyncLifetime, IDisposable
{
    // SQLITE_STMTSTATUS_REPREPARE: how many times SQLite compiled the statement again (SQLitePCL names no constant).
    private const int StatusReprepare = 5;

    private readonly TestStore _store = new(forceSqlite: true);
    private Database _database = null!;

    public static TheoryData<string, string> HotStatements()
    {
        var start = new TurnStartStatements(recentCount: 8);
        return new()
        {
            { "claim with the turn's start", start.ClaimThenWithoutIdentity },
            { "claim with the turn's start, sender known", start.ClaimThenWithIdentity },
            { "claim alone", InboundActivities.ClaimSql },
            { "turn's start", start.WithIdentity },
            { "reply's touchpoints completing the turn", TouchpointInsert.With(2, InboundActivities.CompleteSql) },
            { "one touchpoint", TouchpointInsert.For(1) },
            { "turn completed", InboundActivities.CompleteSql },
            { "outbox asked before a reply", ConnectorOutbox.HasPendingSql },
            { "customer of an identity, created on first sight", SupportBot.Customers.CustomerStore.FindOrCreateSql },
            { "revocations of a Direct Line token and its conversation", RevocationStore.FindSql(2) },
            { "revocation of a console session", RevocationStore.FindSql(1) },
            { "Direct Line conversation started, then an activity appended", DirectLineStore.CreateSql + ";\n" + DirectLineStore.AppendSql },
        };
    }

    public async Task InitializeAsync()
    {
        _database = new Database(new StorageOptions { Provider = "sqlite", ConnectionString = _store.ConnectionString }, Path.GetTempPath());
        await new Migrator(_database, NullLogger<Migrator>.Instance).MigrateAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public void Dispose() => _store.Dispose();

    [Theory]
    [MemberData(nameof(HotStatements))]
    public async Task A_hot_statement_stays_compiled_across_runs_with_different_values(string name, string sql)
    {
        await using var connection = (Microsoft.Data.Sqlite.SqliteConnection)await _database.OpenAsync();
        var statements = Prepare(connection.Handle!, sql);
        try
        {
            for (var run = 0; run < 3; run++)
            {
                foreach (var statement in statements)
                {
                    BindDistinctValues(statement, run);
                    int rc;
                    while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                    {
                    }
                    Assert.True(rc == raw.SQLITE_DONE, $"{name}: {raw.sqlite3_errmsg(connection.Handle).utf8_to_string()}");
                    raw.sqlite3_reset(statement);
                }
            }

            Assert.NotEmpty(statements);
            foreach (var statement in statements)
            {
                Assert.True(
                    raw.sqlite3_stmt_status(statement, StatusReprepare, 0) == 0,
                    $"{name}: compiled again on a run: {raw.sqlite3_sql(statement).utf8_to_string()}");
            }
        }
        finally
        {
            foreach (var statement in statements)
            {
                statement.Dispose();
            }
        }
    }

    private static List<sqlite3_stmt> Prepare(sqlite3 db, string sql)
    {
        var statements = new List<sqlite3_stmt>();
        var rest = sql.Trim();
        while (rest.Length > 0)
        {
            Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(db, rest, out var statement, out var tail));
            if (!statement.IsInvalid)
            {
                statements.Add(statement);
            }
            rest = tail.Trim();
        }
        return statements;
    }

    // Every run binds other values, as turns of other conversations do; numbers where the statement compares them.
    private static void BindDistinctValues(sqlite3_stmt statement, int run)
    {
        for (var i = 1; i <= raw.sqlite3_bind_parameter_count(statement); i++)
        {
            var parameter = raw.sqlite3_bind_parameter_name(statement, i).utf8_to_string();
            // The append names, under a name of its own, the conversation the statement before it created.
            parameter = parameter == "@appendConversationId" ? "@Id" : parameter;
            if (parameter is "@arrival" or "@inboxMaxAttempts" or "@now")
            {
                raw.sqlite3_bind_int64(statement, i, run + 1);
            }
            else
            {
                raw.sqlite3_bind_text(statement, i, $"{parameter}-{run}");
            }
        }
    }
}
