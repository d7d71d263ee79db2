namespace SupportBot.Storage.Sqlite;

/// What a hot statement does, for the SQLite writer (SqliteGroupCommit): a read needs no savepoint of its own; a log
/// is a write no caller waits on to answer anyone (a turn's touchpoints once its reply is out), committed after the
/// other writes queued with it so that they wait for less.
internal enum HotWork
{
    Read,
    Write,
    Log,
}
