using System.CommandLine;
using SupportBot.Analytics.Demo;
using SupportBot.Storage;

namespace SupportBot.Cli;

/// dotnet run --project src/SupportBot -- seed-demo [--journeys 3000] [--days 90] [--seed 42]: demo journeys for the
/// dashboard, replacing the previous demo data.
internal static class SeedDemoCommand
{
    public static Command Create(string[] hostArgs)
    {
        var journeys = CommandOptions.WholeNumber("--journeys", "How many customer journeys.", 3000, 1, 100_000);
        var days = CommandOptions.WholeNumber("--days", "Over how many days before today.", 90, 1, 730);
        var seed = CommandOptions.WholeNumber("--seed", "The random seed: the same seed writes the same journeys.", 42, int.MinValue, int.MaxValue);
        var command = new Command("seed-demo", "Fill the store with seeded demo journeys for the dashboard (replaces earlier demo data).") { journeys, days, seed };
        command.SetAction(parse => CommandHost.RunAsync(hostArgs, services => RunAsync(services, parse.GetValue(journeys), parse.GetValue(days), parse.GetValue(seed))));
        return command;
    }

    public static async Task<int> RunAsync(IServiceProvider services, int journeys, int days, int seed)
    {
        await services.GetRequiredService<Migrator>().MigrateAsync();
        var written = await ConsoleProgress.RunAsync("Seeding", bar => services.GetRequiredService<DemoSeeder>().SeedAsync(
            journeys, days, seed, new SynchronousProgress<(int Done, int Total)>(bar.Report)));
        // The dashboard's first read then finds the analytics rollup built.
        await services.GetRequiredService<Analytics.AnalyticsRollup>().CatchUpAsync(CancellationToken.None);
        Console.WriteLine($"Seeded {journeys} demo journeys ({written} touchpoints) over the last {days} days. Open /dashboard as a supervisor.");
        return 0;
    }
}
