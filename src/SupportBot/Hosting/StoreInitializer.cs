using Microsoft.Extensions.Options;
using SupportBot.Knowledge;
using SupportBot.Settings;
using SupportBot.Storage;

namespace SupportBot.Hosting;

/// Before the host serves: bring the schema up to date, then ingest the knowledge folder (or load the index
/// from the store when ingestion at start is off).
internal sealed partial class StoreInitializer(
    Migrator migrator,
    KnowledgeIngestor ingestor,
    IOptions<KnowledgeOptions> knowledge,
    IHostEnvironment environment,
    ILogger<StoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        var folder = ContentPaths.Resolve(knowledge.Value.Path, environment.ContentRootPath);
        if (knowledge.Value.IngestOnStart && Directory.Exists(folder))
        {
            await ingestor.IngestAsync(folder, cancellationToken: cancellationToken);
            return;
        }
        if (knowledge.Value.IngestOnStart)
        {
            LogMissingFolder(logger, folder);
        }
        await ingestor.LoadIndexAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Knowledge folder {Folder} does not exist; the bot starts with what the store already holds (Knowledge:Path)")]
    private static partial void LogMissingFolder(ILogger logger, string folder);
}
