using System.ComponentModel.DataAnnotations;

namespace SupportBot.Storage;

internal sealed class StorageOptions
{
    public const string Section = "Storage";

    [Required, RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Storage:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// SQLite: "Data Source=path". PostgreSQL: an Npgsql connection string ("Host=...;Database=...;Username=...;Password=...").
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/supportbot.db";

    public StoreProvider StoreProvider => Provider == "postgres" ? StoreProvider.Postgres : StoreProvider.Sqlite;
}
