using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using SupportBot.Llm;

namespace SupportBot.Answering;

/// Reads a customer's intent and sentiment with the ClassifyMessage prompt. Its answer is data too: only the
/// known labels count, and anything else (prose, other labels, a failed call) means "not classified", leaving the
/// decision to the patterns and the frustration lexicon.
internal sealed partial class MessageClassifier(
    LanguageModel model, IOptions<LlmOptions> llm, IOptions<AnsweringOptions> options, ILogger<MessageClassifier> logger)
{
    private static readonly HashSet<string> Intents = ["question", "account_action", "human_request", "small_talk", "out_of_scope"];
    private static readonly HashSet<string> Sentiments = ["positive", "neutral", "negative", "angry"];

    public async Task<(MessageClass? Class, LlmUsage? Usage)> ClassifyAsync(string message, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken)
    {
        if (!model.IsEnabled || !llm.Value.ClassifyMessages || string.IsNullOrWhiteSpace(message))
        {
            return (null, null);
        }
        var arguments = new KernelArguments
        {
            ["company"] = options.Value.CompanyName,
            ["history"] = Transcript.ForPrompt(history.TakeLast(options.Value.HistoryTurns).ToList()),
            ["message"] = PersonalData.Redact(message),
        };
        try
        {
            var completion = await model.CompleteAsync(PromptLibrary.ClassifyMessage, arguments, cancellationToken);
            return (Parse(completion.Text), completion.Usage);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogClassifyFailed(logger, ex.GetType().Name, ex.Message);
            return (null, null);
        }
    }

    /// The labels of the first JSON object in the text (models wrap JSON in prose or code fences), or null.
    public static MessageClass? Parse(string text)
    {
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(text.AsMemory(start, end - start + 1));
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var intent = Label(json.RootElement, "intent", Intents);
            var sentiment = Label(json.RootElement, "sentiment", Sentiments);
            return intent is null && sentiment is null ? null : new MessageClass(intent, sentiment);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Label(JsonElement root, string name, HashSet<string> known)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
           && value.GetString()?.Trim().ToLowerInvariant() is { } label && known.Contains(label)
            ? label
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Classifying a message failed ({Error}: {Message}); reading it with the built-in patterns")]
    private static partial void LogClassifyFailed(ILogger logger, string error, string message);
}
