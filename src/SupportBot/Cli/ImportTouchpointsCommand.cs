using System.CommandLine;
using System.Text.Json;
using SupportBot.Storage;
using SupportBot.Touchpoints.External;

namespace SupportBot.Cli;

/// dotnet run --project src/SupportBot -- import-touchpoints file.csv: stores the file's touchpoints under the
/// same rules as POST /api/touchpoints. Bad rows are reported with their line and skipped; good rows are kept;
/// importing the same file again stores nothing twice.
internal static class ImportTouchpointsCommand
{
    public const string Actor = "import-touchpoints";
    private const int BatchSize = 200;

    public static Command Create(string[] hostArgs)
    {
        var file = new Argument<string>("file.csv") { Description = "A CSV export: a header row with the touchpoint API's fields, one touchpoint per row." };
        var command = new Command("import-touchpoints", "Store touchpoints from another system's CSV export.") { file };
        command.SetAction(parse => CommandHost.RunAsync(hostArgs, services => RunAsync(services, parse.GetValue(file)!, Console.Out, Console.Error)));
        return command;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string path, TextWriter output, TextWriter errors)
    {
        if (!File.Exists(path))
        {
            await errors.WriteLineAsync($"error: file '{path}' does not exist.");
            return 2;
        }
        if (CsvTouchpointRows.UnknownColumns(CsvTouchpointRows.Header(path)) is { Count: > 0 } unknown)
        {
            await errors.WriteLineAsync($"error: unknown column(s) {string.Join(", ", unknown)}; the header names {string.Join(", ", ExternalTouchpointReader.Fields)} or attributes.<name>.");
            return 2;
        }

        await services.GetRequiredService<Migrator>().MigrateAsync();
        var store = services.GetRequiredService<ExternalTouchpointStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var total = await CsvTouchpointRows.CountAsync(path);
        // Problems are printed once the bar is done: a live bar and lines written under it would garble each other.
        var problems = new List<string>();
        var (stored, duplicates, bad) = await ConsoleProgress.RunAsync("Importing", async progress =>
        {
            var (stored, duplicates, bad, done) = (0, 0, 0, 0);
            var batch = new List<(long Line, ExternalTouchpoint Touchpoint)>(BatchSize);

            async Task FlushAsync()
            {
                foreach (var (line, problem, result) in await StoreAsync(store, batch))
                {
                    if (problem is not null)
                    {
                        bad++;
                        problems.Add($"line {line}: {problem}");
                    }
                    else if (result!.Duplicate)
                    {
                        duplicates++;
                    }
                    else
                    {
                        stored++;
                    }
                }
                done += batch.Count;
                batch.Clear();
                progress.Report((done, total));
            }

            await foreach (var (line, row) in CsvTouchpointRows.ReadAsync(path))
            {
                var fieldProblems = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                using var document = JsonDocument.Parse(row.ToJsonString());
                if (ExternalTouchpointReader.Read(document.RootElement, string.Empty, fieldProblems, now) is { } touchpoint)
                {
                    batch.Add((line, touchpoint));
                }
                else
                {
                    bad++;
                    done++;
                    problems.AddRange(fieldProblems.Select(p => $"line {line}: {p.Key}: {string.Join(" ", p.Value)}"));
                }
                if (batch.Count == BatchSize)
                {
                    await FlushAsync();
                }
            }
            await FlushAsync();
            return (stored, duplicates, bad);
        }, errors);
        foreach (var problem in problems)
        {
            await errors.WriteLineAsync(problem);
        }
        await output.WriteLineAsync($"Imported {path}: {stored} stored, {duplicates} already stored, {bad} bad row(s).");
        return bad == 0 ? 0 : 1;
    }

    // A batch goes in one transaction; when a row names an unknown customer id the rows go one by one, so only
    // that row is refused.
    private static async Task<List<(long Line, string? Problem, StoredTouchpoint? Result)>> StoreAsync(
        ExternalTouchpointStore store, List<(long Line, ExternalTouchpoint Touchpoint)> batch)
    {
        if (batch.Count == 0)
        {
            return [];
        }
        if (await store.StoreAsync([.. batch.Select(b => b.Touchpoint)], Actor, CancellationToken.None) is { } stored)
        {
            return [.. batch.Select((b, i) => (b.Line, (string?)null, (StoredTouchpoint?)stored[i]))];
        }
        var results = new List<(long, string?, StoredTouchpoint?)>();
        foreach (var (line, touchpoint) in batch)
        {
            var one = await store.StoreAsync([touchpoint], Actor, CancellationToken.None);
            results.Add(one is null
                ? (line, $"customerId: no customer '{touchpoint.Customer[0]}'.", null)
                : (line, null, one[0]));
        }
        return results;
    }
}
