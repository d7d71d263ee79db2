using SupportBot.Llm;

namespace SupportBot.Answering;

/// One customer message in, one decision out: rewrite a follow-up (LLM), embed what is searched (embedding model),
/// search and decide (knowledge base), then word the answer (LLM, checked). Each model step is optional and falls
/// back to the knowledge base alone.
internal sealed class AnswerPipeline(Answerer answerer, QueryRewriter rewriter, QuestionEmbedder embedder, GroundedAnswerer grounded)
{
    public async Task<AnswerResult> AnswerAsync(string message, IReadOnlyList<ConversationTurn> history, string? locale, CancellationToken cancellationToken)
    {
        var (standalone, rewriteUsage) = await rewriter.RewriteAsync(message, history, cancellationToken);
        var vector = await embedder.EmbedAsync(message, standalone, cancellationToken);
        var decided = answerer.Answer(message, history, standalone, vector);
        var answer = await grounded.ComposeAsync(message, history, decided, locale, cancellationToken);
        return answer with { Usage = Add(rewriteUsage, answer.Usage) };
    }

    private static LlmUsage? Add(LlmUsage? first, LlmUsage? second) => (first, second) switch
    {
        (null, _) => second,
        (_, null) => first,
        _ => new LlmUsage(first.PromptTokens + second.PromptTokens, first.CompletionTokens + second.CompletionTokens, first.LatencyMs + second.LatencyMs),
    };
}
