using SupportBot.Llm;
using SupportBot.Localization;

namespace SupportBot.Answering;

/// One customer message in, one decision out: rewrite a follow-up and classify the message (LLM, in parallel),
/// embed what is searched (embedding model), search and decide (knowledge base), then word the answer (LLM,
/// checked). Each model step is optional and falls back to the knowledge base and the built-in patterns alone.
internal sealed class AnswerPipeline(
    Answerer answerer, QueryRewriter rewriter, MessageClassifier classifier, QuestionEmbedder embedder, GroundedAnswerer grounded)
{
    /// onPartial, when given, is shown a generated answer while it is written (see GroundedAnswerer).
    public async Task<AnswerResult> AnswerAsync(
        string message, IReadOnlyList<ConversationTurn> history, string? locale, CancellationToken cancellationToken,
        Func<string, CancellationToken, Task>? onPartial = null)
    {
        var rewriting = rewriter.RewriteAsync(message, history, cancellationToken);
        var classifying = classifier.ClassifyAsync(message, history, cancellationToken);
        var (standalone, rewriteUsage) = await rewriting;
        var vector = await embedder.EmbedAsync(message, standalone, cancellationToken);
        var (classified, classifyUsage) = await classifying;
        var decided = answerer.Answer(message, history, standalone, Languages.ForMessage(message, locale), classified, vector);
        var answer = await grounded.ComposeAsync(message, history, decided, onPartial, cancellationToken);
        return answer with { Usage = Add(Add(rewriteUsage, classifyUsage, concurrent: true), answer.Usage) };
    }

    // Calls made side by side cost the customer the longer one's time, not both.
    private static LlmUsage? Add(LlmUsage? first, LlmUsage? second, bool concurrent = false) => (first, second) switch
    {
        (null, _) => second,
        (_, null) => first,
        _ => new LlmUsage(
            first.PromptTokens + second.PromptTokens,
            first.CompletionTokens + second.CompletionTokens,
            concurrent ? Math.Max(first.LatencyMs, second.LatencyMs) : first.LatencyMs + second.LatencyMs),
    };
}
