using Microsoft.Data.Sqlite;
using SupportBot.Storage;
using SupportBot.Storage.Sqlite;

namespace SupportBot.Tests.Storage;

/// The SQLite writer runs the statements of every turn through its own prepared commands, not Microsoft.Data.Sqlite's:
/// they must bind, run and read as Microsoft.Data.Sqlite would, and fail the same way.
public sealed class SqliteHotCommandTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SqliteHotCommandTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE, score REAL, data BLOB, note TEXT)";
        create.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    private SqliteHotCommand Command(string sql) => new(_connection.Handle!, sql);

    private long Count(string where = "1 = 1")
    {
        using var count = _connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM notes WHERE {where}";
        return (long)count.ExecuteScalar()!;
    }

    [Fact]
    public void Each_result_is_read_in_order_with_the_values_as_sqlite_stores_them()
    {
        using var command = Command("""
            INSERT INTO notes (text, score, data, note) VALUES (@text, @score, @data, @note) RETURNING id;
            UPDATE notes SET score = score * 2 WHERE text = @text;
            SELECT text, score, data, note, id FROM notes WHERE text = @text
            """);

        using var reader = command.Execute(new PrefixedParameters().Add("@text", "first").Add("@score", 1.25).Add("@data", new byte[] { 1, 2 }).Add("@note", null));

        Assert.True(reader.Read());
        var id = reader.GetInt64(0);
        Assert.False(reader.Read());
        Assert.True(reader.NextResult());
        Assert.True(reader.Read());
        Assert.Equal("first", reader.GetString(0));
        Assert.Equal(2.5, reader.GetDouble(1));
        Assert.Equal(new byte[] { 1, 2 }, (byte[])reader.GetValue(2));
        Assert.True(reader.IsDBNull(3));
        Assert.Equal(DBNull.Value, reader.GetValue(3));
        Assert.Equal(id, reader.GetValue(4));
        Assert.Equal("score", reader.GetName(1));
        Assert.False(reader.Read());
        Assert.False(reader.NextResult());
    }

    [Fact]
    public void Statements_the_caller_does_not_read_still_run_when_it_finishes()
    {
        using var command = Command("SELECT COUNT(*) FROM notes; INSERT INTO notes (text) VALUES (@text)");

        using (var reader = command.Execute(new PrefixedParameters().Add("@text", "written")))
        {
            reader.Finish();
        }

        Assert.Equal(1, Count("text = 'written'"));
    }

    [Fact]
    public void Reading_past_the_last_row_never_runs_a_write_again()
    {
        using var command = Command("INSERT INTO notes (text) VALUES (@text) RETURNING id");

        using var reader = command.Execute(new PrefixedParameters().Add("@text", "once"));
        Assert.True(reader.Read());
        Assert.False(reader.Read());
        Assert.False(reader.Read());
        reader.Finish();

        Assert.Equal(1, Count());
    }

    [Fact]
    public void A_failing_statement_throws_as_microsoft_data_sqlite_does_and_the_command_runs_again_after()
    {
        using var command = Command("INSERT INTO notes (text) VALUES (@text)");
        command.Run(new PrefixedParameters().Add("@text", "taken"));

        var error = Assert.Throws<SqliteException>(() => command.Run(new PrefixedParameters().Add("@text", "taken")));
        command.Run(new PrefixedParameters().Add("@text", "free"));

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Contains("UNIQUE", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Count());
    }

    [Fact]
    public void Empty_text_is_stored_as_empty_text_not_null()
    {
        using var command = Command("INSERT INTO notes (text, note) VALUES (@text, @note)");

        command.Run(new PrefixedParameters().Add("@text", string.Empty).Add("@note", string.Empty));

        Assert.Equal(1, Count("text = '' AND note = ''"));
    }

    [Fact]
    public void Values_bind_by_name_whatever_order_the_caller_adds_them_in()
    {
        using var command = Command("INSERT INTO notes (text, note, score) VALUES (@text, @note, @score)");

        command.Run(new PrefixedParameters().Add("@text", "a").Add("@note", "note a").Add("@score", 1));
        command.Run(new PrefixedParameters().Add("@score", 2.5).Add("@note", "note b").Add("@unused", "x").Add("@text", "b"));

        Assert.Equal(1, Count("text = 'a' AND note = 'note a' AND score = 1"));
        Assert.Equal(1, Count("text = 'b' AND note = 'note b' AND score = 2.5"));
    }

    [Fact]
    public void A_missing_or_unbindable_value_is_refused_with_its_name()
    {
        using var command = Command("INSERT INTO notes (text, note) VALUES (@text, @note)");

        var missing = Assert.Throws<InvalidOperationException>(() => command.Run(new PrefixedParameters().Add("@text", "a")));
        var unbindable = Assert.Throws<NotSupportedException>(() => command.Run(new PrefixedParameters().Add("@text", "a").Add("@note", TimeSpan.Zero)));

        Assert.Contains("@note", missing.Message, StringComparison.Ordinal);
        Assert.Contains("@note", unbindable.Message, StringComparison.Ordinal);
        Assert.Equal(0, Count());
    }
}
