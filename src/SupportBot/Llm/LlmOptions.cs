using System.ComponentModel.DataAnnotations;
using SupportBot.BotFramework.ManagedIdentity;

namespace SupportBot.Llm;

/// The `Llm` section. With no endpoint the bot answers extractively and never calls out. Any OpenAI-compatible
/// server works: OpenAI (https://api.openai.com/v1), Azure OpenAI through its v1 API
/// (https://RESOURCE.openai.azure.com/openai/v1/, which takes the key, or an Entra ID token with UseEntraId, as a
/// bearer token), Ollama (http://localhost:11434/v1), vLLM. Azure.AI.OpenAI 2.1 is not referenced: it is
/// binary-incompatible with the OpenAI 2.14 library Semantic Kernel 1.82's connector is built on.
internal sealed class LlmOptions : IValidatableObject
{
    public const string Section = "Llm";

    /// Base URL of the OpenAI-compatible API, including its version path (".../v1"). Empty: no LLM.
    public string Endpoint { get; set; } = string.Empty;

    /// API key, sent as a bearer token. Unused with UseEntraId.
    public string ApiKey { get; set; } = string.Empty;

    /// Azure OpenAI without a key: a token for https://cognitiveservices.azure.com/.default from the managed identity
    /// (see ManagedIdentitySource), renewed before expiry. The endpoint must be https.
    public bool UseEntraId { get; set; }

    /// Where UseEntraId's token comes from. Auto: App Service / Container Apps (IDENTITY_ENDPOINT) or AKS workload
    /// identity (AZURE_FEDERATED_TOKEN_FILE) when the environment names one, else Azure.Identity's
    /// DefaultAzureCredential (a VM's metadata endpoint, environment credentials, an Azure CLI sign-in on a workstation).
    /// AppService, WorkloadIdentity or Imds force that source.
    public ManagedIdentitySource ManagedIdentitySource { get; set; } = ManagedIdentitySource.Auto;

    /// Client id of the user-assigned identity UseEntraId signs in as; empty: AZURE_CLIENT_ID, else the system-assigned one.
    public string ManagedIdentityClientId { get; set; } = string.Empty;

    /// Chat model, or the deployment name on Azure OpenAI.
    public string ChatModel { get; set; } = string.Empty;

    /// Embedding model or deployment; empty: retrieval stays BM25 only.
    public string EmbeddingModel { get; set; } = string.Empty;

    /// Where embeddings are served when that is not the chat endpoint; empty: the chat endpoint.
    public string EmbeddingEndpoint { get; set; } = string.Empty;

    /// The prompt templates folder (YAML, Semantic Kernel's schema); edited templates apply at the next start.
    [Required]
    public string PromptsPath { get; set; } = "prompts";

    /// Read each customer message's intent and sentiment with the ClassifyMessage prompt (in parallel with the
    /// follow-up rewrite), so requests for a person and anger the built-in patterns miss still hand over.
    public bool ClassifyMessages { get; set; } = true;

    /// Caps every template's max_tokens (sent as max_completion_tokens); 0: each template's own limit.
    [Range(0, 1_000_000)]
    public int MaxOutputTokens { get; set; }

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

    public bool HasEmbeddings => IsConfigured && EmbeddingModel.Length > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(Endpoint), Endpoint), (nameof(EmbeddingEndpoint), EmbeddingEndpoint) })
        {
            if (value.Length > 0 && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                yield return new ValidationResult($"Llm:{name} must be an absolute http(s) URL such as https://api.openai.com/v1, not '{value}'.", [name]);
            }
        }
        if (UseEntraId && Endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("Llm:UseEntraId needs an https Llm:Endpoint: tokens are never sent in clear text.", [nameof(UseEntraId)]);
        }
        if (Endpoint.Length > 0 && ChatModel.Length == 0)
        {
            yield return new ValidationResult("Llm:ChatModel (the model, or the deployment name on Azure OpenAI) is required with Llm:Endpoint.", [nameof(ChatModel)]);
        }
    }
}
