using SupportBot.Llm;
using SupportBot.Localization;

namespace SupportBot.Answering;

/// One customer message in, one decision out: rewrite a follow-up (LLM), search and decide (knowledge base),
/// then word the answer (LLM, checked). Each LLM step is optional and falls back to the knowledge base alone.
internal sealed class AnswerPipeline(Answerer answerer, QueryRewriter rewriter, GroundedAnswerer grounded)
{
    public async Task<AnswerResult> AnswerAsync(string message, IReadOnlyList<ConversationTurn> history, string? locale, CancellationToken cancellationToken)
    {
        var (standalone, rewriteUsage) = await rewriter.RewriteAsync(message, history, cancellationToken);
        var decided = answerer.Answer(message, history, standalone, Languages.ForMessage(message, locale));
        var answer = await grounded.ComposeAsync(message, history, decided, cancellationToken);
        return answer with { Usage = Add(rewriteUsage, answer.Usage) };
    }

    private static LlmUsage? Add(LlmUsage? first, LlmUsage? second) => (first, second) switch
    {
        (null, _) => second,
        (_, null) => first,
        _ => new LlmUsage(first.PromptTokens + second.PromptTokens, first.CompletionTokens + second.CompletionTokens, first.LatencyMs + second.LatencyMs),
    };
}
