using System.CommandLine;
using Microsoft.Extensions.Options;
using SupportBot.Knowledge;
using SupportBot.Settings;
using SupportBot.Storage;

namespace SupportBot.Cli;

/// dotnet run --project src/SupportBot -- ingest [folder]: mirrors a folder into the knowledge store.
internal static class IngestCommand
{
    public static Command Create(string[] hostArgs)
    {
        var folder = new Argument<string?>("folder") { Description = "The articles' folder (default: Knowledge:Path).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("ingest", "Mirror a folder of .md, .txt and .html articles into the knowledge store.") { folder };
        command.SetAction(parse => CommandHost.RunAsync(hostArgs, services => RunAsync(services, parse.GetValue(folder))));
        return command;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string? folderArgument)
    {
        var configured = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value.Path;
        var folder = ContentPaths.Resolve(folderArgument ?? configured, Directory.GetCurrentDirectory());
        if (!Directory.Exists(folder))
        {
            await Console.Error.WriteLineAsync($"error: knowledge folder '{folder}' does not exist.");
            return 2;
        }
        var report = await MigrateAndIngestAsync(services, folder);
        Console.WriteLine($"Ingested {folder}: {report}");
        return report.Failed == 0 ? 0 : 1;
    }

    /// The store brought up to date, then the folder ingested with a progress bar: the start of every CLI command
    /// that needs knowledge.
    public static async Task<IngestionReport> MigrateAndIngestAsync(IServiceProvider services, string folder)
    {
        await services.GetRequiredService<Migrator>().MigrateAsync();
        return await ConsoleProgress.RunAsync(["Ingesting", "Embedding"], bars =>
            services.GetRequiredService<KnowledgeIngestor>().IngestAsync(folder, new SynchronousProgress<IngestionProgress>(
                p => bars[p.Stage == IngestionStage.Embedding ? 1 : 0].Report((p.Done, p.Total)))));
    }
}
