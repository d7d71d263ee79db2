using System.ComponentModel.DataAnnotations;

namespace SupportBot.Llm;

/// The `Llm` section. With no endpoint the bot answers extractively and never calls out. Any OpenAI-compatible
/// server works: OpenAI (https://api.openai.com/v1), Azure OpenAI through its v1 API
/// (https://RESOURCE.openai.azure.com/openai/v1/, which takes the key or an Entra ID token as a bearer token),
/// Ollama (http://localhost:11434/v1), vLLM. Azure.AI.OpenAI 2.1 is not referenced: it is binary-incompatible with
/// the OpenAI 2.14 library Semantic Kernel 1.82's connector is built on.
internal sealed class LlmOptions
{
    public const string Section = "Llm";

    /// Base URL of the OpenAI-compatible API, including its version path (".../v1"). Empty: no LLM.
    public string Endpoint { get; set; } = string.Empty;

    /// API key, or an Entra ID access token for Azure OpenAI (scope https://cognitiveservices.azure.com/.default).
    public string ApiKey { get; set; } = string.Empty;

    /// Chat model, or the deployment name on Azure OpenAI.
    public string ChatModel { get; set; } = string.Empty;

    /// Embedding model or deployment; empty: retrieval stays BM25 only.
    public string EmbeddingModel { get; set; } = string.Empty;

    /// The prompt templates folder (YAML, Semantic Kernel's schema); edited templates apply at the next start.
    [Required]
    public string PromptsPath { get; set; } = "prompts";

    [Range(1, 300)]
    public int AttemptTimeoutSeconds { get; set; } = 20;

    [Range(1, 600)]
    public int TotalTimeoutSeconds { get; set; } = 45;

    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 2;

    [Range(0.0, 60.0)]
    public double RetryBaseDelaySeconds { get; set; } = 1;

    /// Share of failed calls in the sampling window that opens the circuit; while open the bot answers without
    /// the LLM at once instead of waiting on a service that is down.
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// Calls in the 30-second window before the breaker judges the failure ratio.
    [Range(2, 1000)]
    public int CircuitMinimumThroughput { get; set; } = 4;

    [Range(1, 3600)]
    public int CircuitBreakSeconds { get; set; } = 30;

    public bool IsConfigured => Endpoint.Length > 0 && ChatModel.Length > 0;

    public bool HasEmbeddings => Endpoint.Length > 0 && EmbeddingModel.Length > 0;
}
