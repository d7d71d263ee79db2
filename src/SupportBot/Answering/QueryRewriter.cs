using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using SupportBot.Llm;

namespace SupportBot.Answering;

/// With a language model, a follow-up ("do they deliver?") is rewritten into a standalone question before the
/// search. Without one, or when it fails, the search reads the conversation itself (subjects and earlier terms).
internal sealed partial class QueryRewriter(LanguageModel model, IOptions<AnsweringOptions> options, ILogger<QueryRewriter> logger)
{
    private const int MaxQuestionLength = 500;

    public async Task<(string? Question, LlmUsage? Usage)> RewriteAsync(string message, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken)
    {
        if (!model.IsEnabled || history.Count == 0 || string.IsNullOrWhiteSpace(message))
        {
            return (null, null);
        }
        var arguments = new KernelArguments
        {
            ["history"] = Transcript.ForPrompt(history.TakeLast(options.Value.HistoryTurns).ToList()),
            ["question"] = PersonalData.Redact(message),
        };
        try
        {
            var completion = await model.CompleteAsync(Llm.PromptLibrary.RewriteQuery, arguments, cancellationToken);
            var question = completion.Text.Trim().Trim('"').Trim();
            return (question.Length is > 0 and <= MaxQuestionLength ? question : null, completion.Usage);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogRewriteFailed(logger, ex.GetType().Name, ex.Message);
            return (null, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rewriting a follow-up failed ({Error}: {Message}); searching with the conversation instead")]
    private static partial void LogRewriteFailed(ILogger logger, string error, string message);
}
