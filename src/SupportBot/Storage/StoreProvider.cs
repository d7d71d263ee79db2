namespace SupportBot.Storage;

/// The two store engines. Store code writes SQL both accept; the rare statement that cannot be shared branches on
/// this, and each engine has its own migrations folder (Migrations/sqlite, Migrations/postgres).
internal enum StoreProvider
{
    Sqlite,
    Postgres,
}
