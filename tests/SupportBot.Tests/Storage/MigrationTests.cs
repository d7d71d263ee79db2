using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using SupportBot.Storage;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Storage;

/// Both engines get the same schema from migrations of the same names, and the migrate command brings the store
/// under test up to date.
public sealed class MigrationTests
{
    [Fact]
    public void EverySqliteMigrationHasItsPostgresMirror()
    {
        var sqlite = Migrator.LoadScripts(StoreProvider.Sqlite).Select(s => s.Version).ToList();
        var postgres = Migrator.LoadScripts(StoreProvider.Postgres).Select(s => s.Version).ToList();

        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, postgres);
    }

    [Fact]
    public async Task MigrateCommandAppliesEveryMigrationOnceAndThenFindsNothingToDo()
    {
        using var store = new TestStore();

        var first = await RunHostAsync("migrate", $"--Storage:Provider={store.Provider}", $"--Storage:ConnectionString={store.ConnectionString}");
        var second = await RunHostAsync("migrate", $"--Storage:Provider={store.Provider}", $"--Storage:ConnectionString={store.ConnectionString}");

        Assert.Equal(0, first.ExitCode);
        var last = Migrator.LoadScripts(StoreProvider.Sqlite)[^1].Version;
        Assert.Contains($"applied 0001_initial, ", first.Output, StringComparison.Ordinal);
        Assert.Contains(last, first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("up to date", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownProviderStopsTheHostWithTheSettingNamed()
    {
        var result = await RunHostAsync("migrate", "--Storage:Provider=oracle");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Storage:Provider must be 'sqlite' or 'postgres'", result.Output, StringComparison.Ordinal);
    }

    /// The built host, as a user runs it from the command line.
    internal static async Task<(int ExitCode, string Output)> RunHostAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SupportBot.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    internal static Database Open(TestStore store) => new(
        new StorageOptions { Provider = store.Provider, ConnectionString = store.ConnectionString }, Path.GetTempPath());

    internal static Task<IReadOnlyList<string>> MigrateAsync(Database database)
        => new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync();
}
