using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using SupportBot.Llm;

namespace SupportBot.Answering;

/// The question as a vector for hybrid retrieval, when an embedding model is configured. The customer is waiting,
/// so the call gets a short time of its own; a failure or a slow endpoint only costs the vector side of the
/// search, which then runs on keywords alone.
internal sealed partial class QuestionEmbedder(LanguageModel model, IOptions<AnsweringOptions> options, TimeProvider time, ILogger<QuestionEmbedder> logger)
{
    /// The vector of what will be searched (the standalone rewrite when there is one, else the message); null
    /// without an embedding model, when it fails, and for messages answered without a search.
    public async Task<float[]?> EmbedAsync(string message, string? standaloneQuestion, CancellationToken cancellationToken)
    {
        var text = message.Trim();
        // Greetings and requests for a person are answered without a search (see Answerer).
        if (model.Embeddings is not { } generator || text.Length == 0 || SmallTalk.AsksForHuman(text) || SmallTalk.Matches(text))
        {
            return null;
        }
        var searched = string.IsNullOrWhiteSpace(standaloneQuestion) ? text : standaloneQuestion.Trim();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.QuestionEmbeddingTimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // The rewrite was written from masked text already; the message itself is masked here.
            var vector = await generator.GenerateVectorAsync(PersonalData.Redact(searched), cancellationToken: linked.Token);
            return vector.ToArray();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogEmbeddingFailed(logger, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding the question failed ({Error}: {Message}); searching by keywords only")]
    private static partial void LogEmbeddingFailed(ILogger logger, string error, string message);
}
