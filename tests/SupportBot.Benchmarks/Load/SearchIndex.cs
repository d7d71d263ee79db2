using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Storage;

namespace SupportBot.Benchmarks.Load;

/// The console search's index on the touchpoint log (migration 0021), switched off on a measured host to price it:
/// SQLite's FTS5 table is kept by three triggers, PostgreSQL's by a GIN expression index. With them dropped, a
/// touchpoint write is what it was before the search existed; nothing else in the host changes.
internal static class SearchIndex
{
    /// "--search-index off,on,off,on": the states to run, in order (alternating pairs on a noisy machine); null
    /// without the option (the index as migrated, rows named as before).
    public static IReadOnlyList<bool?> ParseStates(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [null];
        }
        return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(state => state switch
        {
            "on" => true,
            "off" => (bool?)false,
            _ => throw new ArgumentException($"--search-index: '{state}' is neither on nor off"),
        })];
    }

    public static string Label(bool? state) => state switch
    {
        null => string.Empty,
        true => ", search index on",
        false => ", search index off",
    };

    public static async Task TurnOffAsync(IServiceProvider services)
    {
        var database = services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(database.Provider == StoreProvider.Postgres
            ? "DROP INDEX ix_touchpoints_search"
            : "DROP TRIGGER touchpoint_search_insert; DROP TRIGGER touchpoint_search_update; DROP TRIGGER touchpoint_search_delete;");
    }
}
