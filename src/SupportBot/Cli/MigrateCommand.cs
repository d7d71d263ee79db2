using System.CommandLine;
using System.Data.Common;
using Microsoft.Extensions.Options;
using SupportBot.Storage;

namespace SupportBot.Cli;

/// dotnet run --project src/SupportBot -- migrate: brings the configured store's schema up to date and exits, for
/// deployments that migrate before they roll out new instances (instances also migrate at start).
internal static class MigrateCommand
{
    public static Command Create(string[] hostArgs)
    {
        var command = new Command("migrate", "Bring the configured store's schema up to date and exit.");
        command.SetAction(_ => CommandHost.RunAsync(hostArgs, RunAsync));
        return command;
    }

    public static async Task<int> RunAsync(IServiceProvider services)
    {
        Database database;
        try
        {
            database = services.GetRequiredService<Database>();
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"error: {string.Join(" ", ex.Failures)}");
            return 2;
        }
        try
        {
            var applied = await services.GetRequiredService<Migrator>().MigrateAsync();
            Console.WriteLine(applied.Count == 0
                ? $"{database.Description}: up to date."
                : $"{database.Description}: applied {string.Join(", ", applied)}.");
            return 0;
        }
        catch (DbException ex)
        {
            await Console.Error.WriteLineAsync($"error: {database.Description}: {ex.Message}");
            return 1;
        }
    }
}
