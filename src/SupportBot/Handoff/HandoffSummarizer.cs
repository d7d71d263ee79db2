using Microsoft.SemanticKernel;
using SupportBot.Answering;
using SupportBot.Llm;
using SupportBot.Touchpoints;

namespace SupportBot.Handoff;

/// The brief an agent reads before replying: with a language model, its summary of the transcript; without
/// one (or when it fails), the escalation reason and what the customer asked, in their words.
internal sealed partial class HandoffSummarizer(LanguageModel model, ILogger<HandoffSummarizer> logger)
{
    private const int QuotedMessages = 3;
    private const int MaxQuoteLength = 200;

    public async Task<string> SummarizeAsync(IReadOnlyList<Touchpoint> transcript, string reason, CancellationToken cancellationToken)
    {
        var extractive = Extractive(transcript, reason);
        if (!model.IsEnabled || transcript.Count == 0)
        {
            return extractive;
        }
        try
        {
            var arguments = new KernelArguments { ["transcript"] = ForPrompt(transcript) };
            var completion = await model.CompleteAsync(PromptLibrary.SummarizeConversation, arguments, cancellationToken);
            var summary = completion.Text.Trim();
            return summary.Length == 0 ? extractive : $"{summary}\n\n{ReasonLine(reason)}";
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogSummaryFailed(logger, ex.GetType().Name, ex.Message);
            return extractive;
        }
    }

    public static string Extractive(IReadOnlyList<Touchpoint> transcript, string reason)
    {
        var asked = transcript
            .Where(t => t.Kind == TouchpointKind.CustomerMessage && !string.IsNullOrWhiteSpace(t.Text))
            .TakeLast(QuotedMessages)
            .Select(t => $"- \"{Quote(t.Text!)}\"");
        var answered = transcript.Count(t => t.Kind == TouchpointKind.BotAnswer);
        return $"{ReasonLine(reason)}\nThe customer wrote:\n{string.Join("\n", asked)}\nThe bot answered {answered} question(s) before the handoff.";
    }

    /// A customer's message as the extractive summary quotes it.
    public static string Quote(string text) => Shorten(PersonalData.Redact(text));

    private static string ReasonLine(string reason) => $"Handed over: {reason.Replace('_', ' ')}.";

    private static string Shorten(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= MaxQuoteLength ? flat : flat[..MaxQuoteLength] + "…";
    }

    private static string ForPrompt(IReadOnlyList<Touchpoint> transcript)
        => string.Join("\n", transcript
            .Where(t => !string.IsNullOrWhiteSpace(t.Text) && t.Kind is TouchpointKind.CustomerMessage or TouchpointKind.BotAnswer or TouchpointKind.Escalation or TouchpointKind.AgentReply)
            .Select(t => $"{(t.Kind == TouchpointKind.CustomerMessage ? "Customer" : t.Kind == TouchpointKind.AgentReply ? "Agent" : "Bot")}: {PersonalData.Redact(t.Text!).ReplaceLineEndings(" ")}"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Summarising a conversation for the agent failed ({Error}: {Message}); using the extractive brief")]
    private static partial void LogSummaryFailed(ILogger logger, string error, string message);
}
