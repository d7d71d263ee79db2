using System.ComponentModel.DataAnnotations;

namespace SupportBot.Knowledge;

internal sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// Folder of .md, .txt and .html articles; relative paths resolve against the working directory, then the binaries.
    [Required]
    public string Path { get; set; } = "knowledge";

    /// Ingest the folder at every start; only files whose content changed are parsed again.
    public bool IngestOnStart { get; set; } = true;

    /// Sections sent per embedding request when Llm:EmbeddingModel is set (hybrid retrieval). Services cap inputs
    /// and tokens per request; 32 sections of a help center stay well inside both.
    [Range(1, 2048)]
    public int EmbeddingBatchSize { get; set; } = 32;
}
