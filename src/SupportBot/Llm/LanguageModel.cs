using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;
using OpenAI.Chat;
using SupportBot.BotFramework.ManagedIdentity;
using SupportBot.Settings;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace SupportBot.Llm;

/// The Semantic Kernel built once from the `Llm` settings, and the prompt functions run on it. Disabled (and
/// never calling out) when no endpoint is configured. HTTP goes through the resilient "llm" client: the SDK's own
/// retries are off so that one policy (ours) decides.
internal sealed partial class LanguageModel
{
    public const string HttpClientName = "llm";

    /// The HTTP client managed identity tokens come through (UseEntraId).
    public const string IdentityHttpClientName = "llm-identity";

    /// The Entra ID scope of Azure OpenAI (Cognitive Services).
    public const string EntraIdScope = "https://cognitiveservices.azure.com/.default";

    private readonly Kernel? _kernel;
    private readonly PromptLibrary? _prompts;

    /// UseEntraId's token provider is the managed identity (EntraIdTokens) unless the container has one of its own.
    public LanguageModel(
        IOptions<LlmOptions> options, IHttpClientFactory httpClients, IHostEnvironment environment, ILoggerFactory loggers,
        ManagedIdentityEnvironment identityEnvironment, AuthenticationTokenProvider? entraIdTokens = null, TimeProvider? time = null)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            return;
        }
        _prompts = PromptLibrary.Load(
            ContentPaths.Resolve(settings.PromptsPath, environment.ContentRootPath),
            settings.MaxOutputTokens > 0 ? settings.MaxOutputTokens : null,
            PromptLibrary.Answer, PromptLibrary.RewriteQuery, PromptLibrary.SummarizeConversation, PromptLibrary.ClassifyMessage);
        var http = httpClients.CreateClient(HttpClientName);
        // Local servers (Ollama, vLLM) take any key; the SDK insists on one.
        AuthenticationPolicy authentication = settings.UseEntraId
            ? new BearerTokenPolicy(entraIdTokens ?? EntraIdTokens(settings, identityEnvironment, httpClients, time ?? TimeProvider.System, loggers), EntraIdScope)
            : ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(new ApiKeyCredential(settings.ApiKey.Length > 0 ? settings.ApiKey : "none"));
        var client = CreateClient(settings.Endpoint, authentication, http, settings);
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(loggers);
        builder.AddOpenAIChatCompletion(settings.ChatModel, client);
        _kernel = builder.Build();
        if (settings.HasEmbeddings)
        {
            var embeddingClient = settings.EmbeddingEndpoint.Length > 0
                ? CreateClient(settings.EmbeddingEndpoint, authentication, http, settings)
                : client;
            Embeddings = embeddingClient.GetEmbeddingClient(settings.EmbeddingModel).AsIEmbeddingGenerator();
        }
    }

    public bool IsEnabled => _kernel is not null;

    // The managed identity the environment names (or the one forced); with none named, DefaultAzureCredential, which
    // also finds a VM's metadata endpoint and a developer's Azure CLI sign-in.
    private static AuthenticationTokenProvider EntraIdTokens(
        LlmOptions settings, ManagedIdentityEnvironment identityEnvironment, IHttpClientFactory httpClients, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger<LanguageModel>();
        if (settings.ManagedIdentitySource == ManagedIdentitySource.Auto && identityEnvironment.Detected is null)
        {
            LogDefaultCredential(logger);
            return new Azure.Identity.DefaultAzureCredential();
        }
        var credential = new ManagedIdentityCredential(
            httpClients.CreateClient(IdentityHttpClientName),
            new ManagedIdentityCredential.Settings(settings.ManagedIdentitySource, identityEnvironment, settings.ManagedIdentityClientId),
            time);
        LogManagedIdentity(logger, credential.Source);
        return new ManagedIdentityTokens(credential, time);
    }

    /// Vectors for hybrid retrieval, when an embedding model is configured.
    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings { get; }

    public PromptLibrary Prompts => _prompts ?? throw new InvalidOperationException("No LLM is configured.");

    /// One tiny completion through the configured endpoint, model and credential: doctor's "does the model answer".
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        var kernel = _kernel ?? throw new InvalidOperationException("No LLM is configured.");
        await kernel.GetRequiredService<IChatCompletionService>()
            .GetChatMessageContentAsync("Reply with the word OK.", new OpenAIPromptExecutionSettings { MaxTokens = 5 }, kernel, cancellationToken);
    }

    public async Task<LlmCompletion> CompleteAsync(string prompt, KernelArguments arguments, CancellationToken cancellationToken)
    {
        var kernel = _kernel ?? throw new InvalidOperationException("No LLM is configured.");
        var started = Stopwatch.GetTimestamp();
        var result = await Prompts[prompt].InvokeAsync(kernel, arguments, cancellationToken);
        var text = result.GetValue<string>() ?? string.Empty;
        return new LlmCompletion(text, Usage(result.Metadata, started));
    }

    /// Streams the completion's text; the usage is reported once the stream ends.
    public async IAsyncEnumerable<string> StreamAsync(string prompt, KernelArguments arguments, Action<LlmUsage> onUsage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var kernel = _kernel ?? throw new InvalidOperationException("No LLM is configured.");
        var started = Stopwatch.GetTimestamp();
        IReadOnlyDictionary<string, object?>? lastMetadata = null;
        await foreach (var chunk in Prompts[prompt].InvokeStreamingAsync<StreamingChatMessageContent>(kernel, arguments, cancellationToken))
        {
            if (chunk.Metadata?.ContainsKey("Usage") == true)
            {
                lastMetadata = chunk.Metadata;
            }
            if (!string.IsNullOrEmpty(chunk.Content))
            {
                yield return chunk.Content;
            }
        }
        onUsage(Usage(lastMetadata, started));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Llm:UseEntraId: the environment names no managed identity; tokens from DefaultAzureCredential")]
    private static partial void LogDefaultCredential(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Llm:UseEntraId: tokens from the managed identity ({Source})")]
    private static partial void LogManagedIdentity(ILogger logger, ManagedIdentitySource source);

    private static LlmUsage Usage(IReadOnlyDictionary<string, object?>? metadata, long started)
    {
        var usage = metadata?.GetValueOrDefault("Usage") as ChatTokenUsage;
        return new LlmUsage(usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    // The constructor taking an authentication policy is marked experimental (OPENAI001) in OpenAI 2.14; it is the only one that accepts
    // a bearer token provider, which Entra ID needs.
#pragma warning disable OPENAI001
    private static OpenAIClient CreateClient(string endpoint, AuthenticationPolicy authentication, HttpClient http, LlmOptions settings)
        => new(authentication, new OpenAIClientOptions
        {
            Endpoint = new Uri(endpoint.EndsWith('/') ? endpoint : endpoint + "/"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(settings.TotalTimeoutSeconds + 5),
        });
#pragma warning restore OPENAI001
}

internal sealed record LlmUsage(int PromptTokens, int CompletionTokens, double LatencyMs);

internal sealed record LlmCompletion(string Text, LlmUsage Usage);
