namespace SupportBot.Benchmarks.Load;

/// Where the measured host keeps its state: the default SQLite file, PostgreSQL alone (one instance), or PostgreSQL
/// with Redis (the production shape; one instance or several behind a balancer).
internal sealed record StoreShape(string Name, bool Postgres, bool Redis)
{
    public static readonly StoreShape Sqlite = new("sqlite", false, false);
    public static readonly StoreShape PostgresOnly = new("postgres", true, false);
    public static readonly StoreShape PostgresRedis = new("postgres+redis", true, true);

    /// "sqlite,postgres+redis" and the like; an unknown name is an error that lists the known ones.
    public static IReadOnlyList<StoreShape> ParseList(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [Sqlite];
        }
        return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name =>
            new[] { Sqlite, PostgresOnly, PostgresRedis }.FirstOrDefault(s => s.Name == name)
            ?? throw new ArgumentException($"--store: unknown store '{name}' (sqlite, postgres, postgres+redis)"))];
    }
}
