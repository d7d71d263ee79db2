using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using SupportBot.Llm;

namespace SupportBot.Knowledge;

/// Gives every section a vector for hybrid retrieval when an embedding model is configured. Cached vectors are
/// reused, so only new or changed sections are sent, in batches, each saved as soon as it comes back. When the
/// endpoint fails the rest wait: the sections without a vector are found by keywords alone until the next
/// ingestion or start fills them in. Ingestion and startup never fail on embeddings.
internal sealed partial class SectionEmbedder(
    LanguageModel model,
    SectionVectorStore cache,
    IOptions<LlmOptions> llm,
    IOptions<KnowledgeOptions> options,
    ILogger<SectionEmbedder> logger)
{
    // Embedding models read about 8k tokens; a longer section is represented by its beginning rather than failing
    // its whole batch.
    private const int MaxCharacters = 8000;

    /// The sections' vectors by section id; null when no embedding model is configured.
    public async Task<IReadOnlyDictionary<string, float[]>?> EmbedAsync(
        IReadOnlyList<KnowledgeSection> sections, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        if (model.Embeddings is not { } generator)
        {
            return null;
        }
        var modelName = llm.Value.EmbeddingModel;
        await cache.PruneAsync(cancellationToken);
        var cached = await cache.LoadAsync(modelName, cancellationToken);
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var missing = new List<(string SectionId, string Text, string TextHash)>();
        foreach (var section in sections)
        {
            var text = Text(section);
            var hash = ArticleReader.Hash(text);
            if (cached.TryGetValue(section.Id, out var vector) && vector.TextHash == hash)
            {
                vectors[section.Id] = vector.Vector;
            }
            else if (!string.IsNullOrWhiteSpace(text))
            {
                missing.Add((section.Id, text, hash));
            }
        }

        var embedded = 0;
        var batchSize = options.Value.EmbeddingBatchSize;
        while (embedded < missing.Count)
        {
            progress?.Report(new IngestionProgress(embedded, missing.Count, string.Empty, IngestionStage.Embedding));
            var batch = missing.GetRange(embedded, Math.Min(batchSize, missing.Count - embedded));
            GeneratedEmbeddings<Embedding<float>> embeddings;
            try
            {
                embeddings = await generator.GenerateAsync(batch.Select(b => b.Text), cancellationToken: cancellationToken);
                if (embeddings.Count != batch.Count)
                {
                    throw new InvalidDataException($"The endpoint returned {embeddings.Count} vectors for {batch.Count} texts.");
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogEmbeddingFailed(logger, ex.GetType().Name, ex.Message, missing.Count - embedded);
                break;
            }
            var fresh = batch.Zip(embeddings, (b, e) => (b.SectionId, b.TextHash, Vector: e.Vector.ToArray())).ToList();
            await cache.SaveAsync(modelName, fresh, cancellationToken);
            foreach (var (sectionId, _, vector) in fresh)
            {
                vectors[sectionId] = vector;
            }
            embedded += batch.Count;
        }
        if (missing.Count > 0)
        {
            progress?.Report(new IngestionProgress(missing.Count, missing.Count, string.Empty, IngestionStage.Embedding));
        }
        LogEmbedded(logger, embedded, modelName, vectors.Count, sections.Count);
        return vectors;
    }

    /// What a section is embedded as: what keyword search reads, its title, heading and text.
    public static string Text(KnowledgeSection section)
    {
        var title = section.Heading == section.ArticleTitle ? section.ArticleTitle : $"{section.ArticleTitle}. {section.Heading}";
        var text = title + "\n" + section.Text;
        if (text.Length <= MaxCharacters)
        {
            return text;
        }
        return text[..(char.IsHighSurrogate(text[MaxCharacters - 1]) ? MaxCharacters - 1 : MaxCharacters)];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding knowledge sections failed ({Error}: {Message}); {Missing} sections are found by keywords only until the next ingestion or start")]
    private static partial void LogEmbeddingFailed(ILogger logger, string error, string message, int missing);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded {Embedded} sections with {Model}; {WithVectors} of {Sections} sections have vectors")]
    private static partial void LogEmbedded(ILogger logger, int embedded, string model, int withVectors, int sections);
}
