using SupportBot.Analytics.Demo;
using SupportBot.Storage;

namespace SupportBot.Cli;

/// dotnet run --project src/SupportBot -- seed-demo [--journeys 3000] [--days 90] [--seed 42]: demo journeys for the
/// dashboard, replacing the previous demo data.
internal static class SeedDemoCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, CommandLine command)
    {
        if (!TryRead(command, "--journeys", 3000, 1, 100_000, out var journeys)
            || !TryRead(command, "--days", 90, 1, 730, out var days)
            || !TryRead(command, "--seed", 42, int.MinValue, int.MaxValue, out var seed))
        {
            return 2;
        }
        await services.GetRequiredService<Migrator>().MigrateAsync();
        var written = await services.GetRequiredService<DemoSeeder>().SeedAsync(
            journeys, days, seed, new SynchronousProgress<(int Done, int Total)>(new ProgressBar("Seeding").Report));
        Console.WriteLine($"Seeded {journeys} demo journeys ({written} touchpoints) over the last {days} days. Open /dashboard as a supervisor.");
        return 0;
    }

    private static bool TryRead(CommandLine command, string option, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (command.Option(option) is not { } text)
        {
            return true;
        }
        if (int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }
        Console.Error.WriteLine($"error: {option} takes a whole number from {min} to {max}, not '{text}'.");
        return false;
    }
}
