using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using SupportBot.Knowledge;
using SupportBot.Llm;
using SupportBot.Localization;

namespace SupportBot.Answering;

/// Rewrites an answer the knowledge base supports into a conversational one with a language model, grounded in
/// the retrieved sections only. What the model writes is checked before it is sent: it must cite the sections
/// it was given and nothing else, must not echo its instructions, and "NO_ANSWER" hands over to a person. When
/// the model fails, is slow or writes something that fails the checks, the extractive answer goes out instead.
internal sealed partial class GroundedAnswerer(LanguageModel model, AnswerGuard guard, IOptions<AnsweringOptions> options, ILogger<GroundedAnswerer> logger)
{
    public const string NoAnswer = "NO_ANSWER";

    public async Task<AnswerResult> ComposeAsync(string question, IReadOnlyList<ConversationTurn> history, AnswerResult extractive, CancellationToken cancellationToken)
    {
        if (!model.IsEnabled || extractive.Decision != AnswerDecision.Answer || extractive.Grounding.Count == 0)
        {
            return extractive;
        }
        var sources = extractive.Grounding.Select((section, i) => (Id: $"S{i + 1}", Section: section)).ToList();
        var arguments = new KernelArguments
        {
            ["company"] = options.Value.CompanyName,
            ["language"] = CultureInfo.GetCultureInfo(extractive.Language).EnglishName,
            ["sections"] = string.Join("\n", sources.Select(s => $"<kb_section id=\"{s.Id}\">{s.Section.ArticleTitle} - {s.Section.Heading}\n{s.Section.Text}</kb_section>")),
            ["history"] = Transcript.ForPrompt(history),
            ["question"] = PersonalData.Redact(question),
        };
        LlmCompletion completion;
        try
        {
            completion = await model.CompleteAsync(PromptLibrary.Answer, arguments, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogModelFailed(logger, ex.GetType().Name, ex.Message);
            return extractive;
        }
        return Check(completion, sources, extractive, $"{question}\n{arguments["history"]}\n{options.Value.CompanyName}");
    }

    private AnswerResult Check(LlmCompletion completion, List<(string Id, KnowledgeSection Section)> sources, AnswerResult extractive, string suppliedText)
    {
        var text = completion.Text.Trim();
        if (text.Contains(NoAnswer, StringComparison.Ordinal))
        {
            return extractive with
            {
                Decision = AnswerDecision.Escalate,
                Text = BotMessages.For(extractive.Language).NotSure,
                Citations = [],
                EscalationReason = EscalationReasons.LowConfidence,
                ClosestArticle = extractive.Citations.Count > 0 ? extractive.Citations[0] : null,
                Usage = completion.Usage,
            };
        }
        if (guard.Problem(text, model.Prompts.TemplateOf(PromptLibrary.Answer), [.. sources.Select(s => s.Section)], suppliedText, extractive.Language) is { } problem)
        {
            LogRejected(logger, problem);
            return extractive with { Usage = completion.Usage };
        }
        var byId = sources.ToDictionary(s => s.Id, s => s.Section, StringComparer.Ordinal);
        var cited = CitationMarker().Matches(text).Select(m => m.Groups["id"].Value).Distinct(StringComparer.Ordinal).ToList();
        var unknown = cited.Where(id => !byId.ContainsKey(id)).ToList();
        if (cited.Count == 0 || unknown.Count > 0)
        {
            LogRejected(logger, cited.Count == 0 ? "it cites no section" : $"it cites sections it was not given ({string.Join(", ", unknown)})");
            return extractive with { Usage = completion.Usage };
        }
        // The grounding sections are distinct, so each cited id is one citation, numbered by its first appearance.
        var citations = cited.Select(id => byId[id]).Select(s => new Citation(s.ArticleId, s.ArticleTitle, s.Anchor, s.Heading)).ToList();
        var numbered = CitationMarker().Replace(text, m => $"[{cited.IndexOf(m.Groups["id"].Value) + 1}]");
        return extractive with { Text = Collapse(numbered), Citations = citations, IsGenerated = true, Usage = completion.Usage };
    }

    // "[1][1]" after two sentences citing one section reads as a stutter.
    private static string Collapse(string text) => RepeatedMarker().Replace(text, "$1");

    [GeneratedRegex(@"\[(?<id>S\d+)\]")]
    private static partial Regex CitationMarker();

    [GeneratedRegex(@"(\[\d+\])(\s*\1)+")]
    private static partial Regex RepeatedMarker();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The language model failed ({Error}: {Message}); answering from the knowledge base directly")]
    private static partial void LogModelFailed(ILogger logger, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A generated answer was not sent because {Problem}; answering from the knowledge base directly")]
    private static partial void LogRejected(ILogger logger, string problem);
}
