using System.Collections;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SupportBot.Storage.Sqlite;

/// Reads a SqliteHotCommand's results as Microsoft.Data.Sqlite would: statements run in order, those that return no
/// rows straight through, and the reader stands at each that does (NextResult moves on). Values come back as SQLite
/// stores them: INTEGER as long, REAL as double, TEXT as string, BLOB as byte[].
internal sealed class SqliteHotReader : DbDataReader
{
    // Microsoft.Data.Sqlite's defaults: while another connection holds the lock, retry every 150 ms for up to 30 s
    // (beyond the connection's own busy timeout).
    private static readonly TimeSpan BusyRetryFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan BusyPause = TimeSpan.FromMilliseconds(150);

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt[] _statements;
    private int _current = -1;
    private bool _firstRowWaiting;
    private bool _rowsDone = true;
    private bool _closed;
    private int _recordsAffected = -1;

    public SqliteHotReader(sqlite3 db, sqlite3_stmt[] statements)
    {
        _db = db;
        _statements = statements;
        NextResult();
    }

    private sqlite3_stmt Current => _current >= 0 && _current < _statements.Length && !_closed
        ? _statements[_current]
        : throw new InvalidOperationException("The reader stands at no result.");

    public override bool NextResult()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_current >= 0 && _current < _statements.Length)
        {
            raw.sqlite3_reset(_statements[_current]);
        }
        while (++_current < _statements.Length)
        {
            var statement = _statements[_current];
            var rc = Step(statement);
            if (raw.sqlite3_column_count(statement) != 0)
            {
                _firstRowWaiting = rc == raw.SQLITE_ROW;
                _rowsDone = !_firstRowWaiting;
                return true;
            }
            raw.sqlite3_reset(statement);
            _recordsAffected = Math.Max(_recordsAffected, 0) + raw.sqlite3_changes(_db);
        }
        return false;
    }

    public override bool Read()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_firstRowWaiting)
        {
            _firstRowWaiting = false;
            return true;
        }
        // Stepping a finished statement would run it again.
        if (_rowsDone || _current >= _statements.Length)
        {
            return false;
        }
        _rowsDone = Step(Current) != raw.SQLITE_ROW;
        return !_rowsDone;
    }

    /// Runs the statements the caller did not read, so that a write among them is never left unrun; throws its error.
    public void Finish()
    {
        while (NextResult())
        {
        }
    }

    // One step; the statement is reset after an error, so that it can run again.
    private int Step(sqlite3_stmt statement)
    {
        var waited = Stopwatch.StartNew();
        int rc;
        while ((rc = raw.sqlite3_step(statement)) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED && waited.Elapsed < BusyRetryFor)
        {
            raw.sqlite3_reset(statement);
            Thread.Sleep(BusyPause);
        }
        if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            raw.sqlite3_reset(statement);
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        return rc;
    }

    // Disposing closes (DbDataReader): the statements are reset, ready for the command's next run.
    public override void Close()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        foreach (var statement in _statements)
        {
            raw.sqlite3_reset(statement);
        }
    }

    public override int FieldCount => raw.sqlite3_column_count(Current);

    public override bool HasRows => _firstRowWaiting || !_rowsDone;

    public override bool IsClosed => _closed;

    public override int RecordsAffected => _recordsAffected;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool IsDBNull(int ordinal) => raw.sqlite3_column_type(Current, ordinal) == raw.SQLITE_NULL;

    public override long GetInt64(int ordinal) => raw.sqlite3_column_int64(Current, ordinal);

    public override double GetDouble(int ordinal) => raw.sqlite3_column_double(Current, ordinal);

    public override string GetString(int ordinal) => raw.sqlite3_column_text(Current, ordinal).utf8_to_string();

    public override object GetValue(int ordinal) => raw.sqlite3_column_type(Current, ordinal) switch
    {
        raw.SQLITE_INTEGER => GetInt64(ordinal),
        raw.SQLITE_FLOAT => GetDouble(ordinal),
        raw.SQLITE_TEXT => GetString(ordinal),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(Current, ordinal).ToArray(),
        _ => DBNull.Value,
    };

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }
        return count;
    }

    public override Type GetFieldType(int ordinal) => raw.sqlite3_column_type(Current, ordinal) switch
    {
        raw.SQLITE_INTEGER => typeof(long),
        raw.SQLITE_FLOAT => typeof(double),
        raw.SQLITE_BLOB => typeof(byte[]),
        _ => typeof(string),
    };

    public override string GetDataTypeName(int ordinal) => raw.sqlite3_column_decltype(Current, ordinal).utf8_to_string() ?? GetFieldType(ordinal).Name;

    public override string GetName(int ordinal) => raw.sqlite3_column_name(Current, ordinal).utf8_to_string();

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < FieldCount; i++)
        {
            if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(name), name, "The result has no such column.");
    }

    public override bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public override byte GetByte(int ordinal) => checked((byte)GetInt64(ordinal));

    public override short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));

    public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

    public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);

    public override decimal GetDecimal(int ordinal) => raw.sqlite3_column_type(Current, ordinal) == raw.SQLITE_TEXT
        ? decimal.Parse(GetString(ordinal), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture)
        : (decimal)GetDouble(ordinal);

    public override DateTime GetDateTime(int ordinal) => DateTime.Parse(GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public override Guid GetGuid(int ordinal) => raw.sqlite3_column_type(Current, ordinal) == raw.SQLITE_BLOB
        ? new Guid(raw.sqlite3_column_blob(Current, ordinal))
        : Guid.Parse(GetString(ordinal));

    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var blob = raw.sqlite3_column_blob(Current, ordinal);
        if (buffer is null)
        {
            return blob.Length;
        }
        var count = (int)Math.Max(0, Math.Min(length, blob.Length - dataOffset));
        blob.Slice((int)dataOffset, count).CopyTo(buffer.AsSpan(bufferOffset));
        return count;
    }

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }
        var count = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);
}
