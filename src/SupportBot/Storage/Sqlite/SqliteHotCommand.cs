using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SupportBot.Storage.Sqlite;

/// A command the SQLite writer runs for every turn (SqliteGroupCommit), its statements prepared once on the writer's
/// connection through SQLite's own API. Microsoft.Data.Sqlite binds every parameter of a command against each of
/// its statements, looking each name up natively with a UTF-8 copy of it, and allocates an object per value: for a
/// reply's touchpoints with the turn's completion that took 11 µs where running them takes 4. Here each statement
/// knows its parameters' names, found once, and binds the values where the caller put them.
internal sealed class SqliteHotCommand : IDisposable
{
    private readonly sqlite3 _db;
    private readonly Statement[] _statements;
    private readonly sqlite3_stmt[] _handles;

    public SqliteHotCommand(sqlite3 db, string sql)
    {
        _db = db;
        var statements = new List<Statement>();
        try
        {
            var rest = sql;
            while (!string.IsNullOrWhiteSpace(rest))
            {
                var rc = raw.sqlite3_prepare_v3(db, rest, raw.SQLITE_PREPARE_PERSISTENT, out var handle, out var tail);
                if (rc != raw.SQLITE_OK)
                {
                    handle.Dispose();
                    SqliteException.ThrowExceptionForRC(rc, db);
                }
                if (handle.IsInvalid)
                {
                    // Only a comment or white space was left.
                    handle.Dispose();
                    break;
                }
                statements.Add(new Statement(handle));
                rest = tail;
            }
        }
        catch
        {
            foreach (var statement in statements)
            {
                statement.Handle.Dispose();
            }
            throw;
        }
        _statements = [.. statements];
        _handles = [.. statements.Select(s => s.Handle)];
    }

    /// Binds the parameters and runs the statements up to the first that returns rows; the reader goes on from there.
    /// The caller disposes the reader, having called Finish for the statements it did not read.
    public SqliteHotReader Execute(PrefixedParameters parameters)
    {
        foreach (var statement in _statements)
        {
            statement.Bind(parameters);
        }
        return new SqliteHotReader(_db, _handles);
    }

    /// Runs the statements to the end, for those that return nothing the caller reads (BEGIN, COMMIT).
    public void Run(PrefixedParameters parameters)
    {
        using var reader = Execute(parameters);
        reader.Finish();
    }

    public void Dispose()
    {
        foreach (var statement in _statements)
        {
            statement.Handle.Dispose();
        }
    }

    private sealed class Statement(sqlite3_stmt handle)
    {
        // Position i holds the name of parameter i + 1, as the SQL writes it ("@ConversationId").
        private readonly string[] _names = [.. Enumerable.Range(1, raw.sqlite3_bind_parameter_count(handle))
            .Select(i => raw.sqlite3_bind_parameter_name(handle, i).utf8_to_string() ?? throw new NotSupportedException("Hot statements name their parameters."))];

        // Where each name was found in the caller's list last time: callers add their values in the same order.
        private readonly int[] _positions = new int[raw.sqlite3_bind_parameter_count(handle)];

        public sqlite3_stmt Handle => handle;

        public void Bind(PrefixedParameters parameters)
        {
            var values = parameters.Values;
            for (var i = 0; i < _names.Length; i++)
            {
                var position = _positions[i];
                if (position >= values.Count || !string.Equals(values[position].Key, _names[i], StringComparison.Ordinal))
                {
                    _positions[i] = position = Find(values, _names[i]);
                }
                var rc = BindValue(i + 1, values[position].Value);
                if (rc != raw.SQLITE_OK)
                {
                    SqliteException.ThrowExceptionForRC(rc, raw.sqlite3_db_handle(handle));
                }
            }
        }

        private static int Find(IReadOnlyList<KeyValuePair<string, object?>> values, string name)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (string.Equals(values[i].Key, name, StringComparison.Ordinal))
                {
                    return i;
                }
            }
            throw new InvalidOperationException($"No value was given for the parameter {name}.");
        }

        private int BindValue(int index, object? value) => value switch
        {
            null or DBNull => raw.sqlite3_bind_null(handle, index),
            // An empty span reaches SQLite as a null pointer, which it would store as NULL.
            string { Length: 0 } => raw.sqlite3_bind_text(handle, index, string.Empty),
            // SQLite copies the text (and makes it UTF-8 once): no managed copy of it is made.
            string text => raw.sqlite3_bind_text16(handle, index, text.AsSpan()),
            long number => raw.sqlite3_bind_int64(handle, index, number),
            int number => raw.sqlite3_bind_int64(handle, index, number),
            short number => raw.sqlite3_bind_int64(handle, index, number),
            byte number => raw.sqlite3_bind_int64(handle, index, number),
            bool flag => raw.sqlite3_bind_int64(handle, index, flag ? 1 : 0),
            double number => raw.sqlite3_bind_double(handle, index, number),
            float number => raw.sqlite3_bind_double(handle, index, number),
            byte[] bytes => raw.sqlite3_bind_blob(handle, index, bytes),
            _ => throw new NotSupportedException($"A hot statement cannot bind a {value.GetType().Name} ({_names[index - 1]}); pass text or a number."),
        };
    }
}
