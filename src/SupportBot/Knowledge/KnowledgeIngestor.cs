namespace SupportBot.Knowledge;

/// Mirrors a folder into the store: parses only files whose content hash changed, removes deleted ones, then
/// rebuilds the search index from the store, with the sections' vectors when an embedding model is configured.
internal sealed partial class KnowledgeIngestor(KnowledgeStore store, KnowledgeIndex index, SectionEmbedder embedder, ILogger<KnowledgeIngestor> logger)
{
    public async Task<IngestionReport> IngestAsync(string folder, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Knowledge folder '{folder}' does not exist.");
        }
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(ArticleReader.IsSupported)
            .Order(StringComparer.Ordinal)
            .ToList();
        var known = await store.GetHashesBySourcePathAsync(cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var changed = new List<KnowledgeArticle>();
        int added = 0, updated = 0, unchanged = 0, failed = 0;

        for (var i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(folder, files[i]).Replace('\\', '/');
            seen.Add(relative);
            progress?.Report(new IngestionProgress(i, files.Count, relative));
            try
            {
                var content = await File.ReadAllTextAsync(files[i], cancellationToken);
                if (known.TryGetValue(relative, out var hash) && hash == ArticleReader.Hash(content))
                {
                    unchanged++;
                    continue;
                }
                changed.Add(ArticleReader.Read(relative, content));
                if (known.ContainsKey(relative))
                {
                    updated++;
                }
                else
                {
                    added++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
            {
                failed++;
                LogFileFailed(logger, ex, relative);
            }
        }
        progress?.Report(new IngestionProgress(files.Count, files.Count, string.Empty));

        var removed = known.Keys.Where(path => !seen.Contains(path)).ToList();
        if (changed.Count > 0 || removed.Count > 0)
        {
            await store.SaveAsync(changed, removed, cancellationToken);
        }
        var sections = await store.LoadSectionsAsync(cancellationToken);
        index.Rebuild(sections, await embedder.EmbedAsync(sections, progress, cancellationToken));
        var report = new IngestionReport(added, updated, unchanged, removed.Count, failed, sections.Count);
        LogIngested(logger, folder, report.Added, report.Updated, report.Unchanged, report.Removed, report.Failed, report.Sections);
        return report;
    }

    /// Loads what the store already holds into the index, for starts that skip ingestion; sections still without a
    /// vector are embedded.
    public async Task LoadIndexAsync(CancellationToken cancellationToken = default)
    {
        var sections = await store.LoadSectionsAsync(cancellationToken);
        index.Rebuild(sections, await embedder.EmbedAsync(sections, null, cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ingest knowledge file {File}")]
    private static partial void LogFileFailed(ILogger logger, Exception exception, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {Folder}: {Added} added, {Updated} updated, {Unchanged} unchanged, {Removed} removed, {Failed} failed, {Sections} sections indexed")]
    private static partial void LogIngested(ILogger logger, string folder, int added, int updated, int unchanged, int removed, int failed, int sections);
}
