using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using SupportBot.Knowledge;
using SupportBot.Llm;
using SupportBot.Localization;

namespace SupportBot.Answering;

/// Rewrites an answer the knowledge base supports into a conversational one with a language model, grounded in
/// the retrieved sections only. What the model writes is checked before it is sent: it must cite the sections
/// it was given and nothing else, must not echo its instructions or leave the knowledge base's domain, and
/// "NO_ANSWER" hands over to a person. When the model fails, is slow or writes something that fails the checks,
/// the extractive answer goes out instead. Streamed, the text is shown as it arrives (citations numbered, never a
/// half-written marker or a "NO_ANSWER"), and the checked final answer replaces it.
internal sealed partial class GroundedAnswerer(LanguageModel model, AnswerGuard guard, IOptions<AnsweringOptions> options, ILogger<GroundedAnswerer> logger)
{
    public const string NoAnswer = "NO_ANSWER";

    /// onPartial, when given, receives the answer so far (whole, not a delta) while the model writes it.
    public async Task<AnswerResult> ComposeAsync(
        string question, IReadOnlyList<ConversationTurn> history, AnswerResult extractive,
        Func<string, CancellationToken, Task>? onPartial, CancellationToken cancellationToken)
    {
        if (!model.IsEnabled || extractive.Decision != AnswerDecision.Answer || extractive.Grounding.Count == 0)
        {
            return extractive;
        }
        var sources = extractive.Grounding.Select((section, i) => (Id: $"S{i + 1}", Section: section)).ToList();
        var transcript = Transcript.ForPrompt(history);
        var redactedQuestion = PersonalData.Redact(question);
        var arguments = new KernelArguments
        {
            ["company"] = options.Value.CompanyName,
            ["language"] = CultureInfo.GetCultureInfo(extractive.Language).EnglishName,
            ["sections"] = string.Join("\n", sources.Select(s => $"<kb_section id=\"{s.Id}\">{s.Section.ArticleTitle} - {s.Section.Heading}\n{s.Section.Text}</kb_section>")),
            ["history"] = transcript,
            ["question"] = redactedQuestion,
        };
        var check = guard.For(
            model.Prompts.TemplateOf(PromptLibrary.Answer), [.. sources.Select(s => s.Section)],
            $"{redactedQuestion}\n{transcript}\n{options.Value.CompanyName}", extractive.Language);
        LlmCompletion completion;
        try
        {
            completion = onPartial is null
                ? await model.CompleteAsync(PromptLibrary.Answer, arguments, cancellationToken)
                : await StreamAsync(arguments, sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal), check, onPartial, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogModelFailed(logger, ex.GetType().Name, ex.Message);
            return extractive;
        }
        return Checked(completion, sources, extractive, check);
    }

    private async Task<LlmCompletion> StreamAsync(
        KernelArguments arguments, HashSet<string> ids, AnswerGuard.Check check, Func<string, CancellationToken, Task> onPartial, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        LlmUsage? usage = null;
        var showing = true;
        await foreach (var chunk in model.StreamAsync(PromptLibrary.Answer, arguments, u => usage = u, cancellationToken))
        {
            text.Append(chunk);
            if (!showing)
            {
                continue;
            }
            var partial = text.ToString();
            // What will not be sent is not shown either, from the moment it shows: the final message replaces it.
            var cited = CitationMarker().Matches(partial).Select(m => m.Groups["id"].Value).ToList();
            if (cited.Any(id => !ids.Contains(id)) || check.MustNotShow(partial))
            {
                showing = false;
                continue;
            }
            if (Showable(partial) is { Length: > 0 } shown)
            {
                await onPartial(shown, cancellationToken);
            }
        }
        return new LlmCompletion(text.ToString(), usage ?? new LlmUsage(0, 0, 0));
    }

    // The partial answer as the customer may see it: nothing while it could still become "NO_ANSWER", and no
    // half-written citation marker at the end.
    private static string Showable(string partial)
    {
        var text = partial.TrimStart();
        if (NoAnswer.StartsWith(text, StringComparison.Ordinal) || text.Contains(NoAnswer, StringComparison.Ordinal))
        {
            return string.Empty;
        }
        return Numbered(UnfinishedMarker().Replace(text, string.Empty)).TrimEnd();
    }

    private AnswerResult Checked(LlmCompletion completion, List<(string Id, KnowledgeSection Section)> sources, AnswerResult extractive, AnswerGuard.Check check)
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
        var byId = sources.ToDictionary(s => s.Id, s => s.Section, StringComparer.Ordinal);
        var cited = CitedIds(text);
        var unknown = cited.Where(id => !byId.ContainsKey(id)).ToList();
        if (cited.Count == 0 || unknown.Count > 0)
        {
            LogRejected(logger, cited.Count == 0 ? "it cites no section" : $"it cites sections it was not given ({string.Join(", ", unknown)})");
            return extractive with { Usage = completion.Usage };
        }
        if (check.Problem(text) is { } problem)
        {
            LogRejected(logger, problem);
            return extractive with { Usage = completion.Usage };
        }
        // The grounding sections are distinct, so each cited id is one citation, numbered by its first appearance.
        var citations = cited.Select(id => byId[id]).Select(s => new Citation(s.ArticleId, s.ArticleTitle, s.Anchor, s.Heading) { Passage = s.Text }).ToList();
        return extractive with { Text = Numbered(text), Citations = citations, IsGenerated = true, Usage = completion.Usage };
    }

    private static List<string> CitedIds(string text)
        => CitationMarker().Matches(text).Select(m => m.Groups["id"].Value).Distinct(StringComparer.Ordinal).ToList();

    // [S3] becomes [1] when S3 is the first section cited; "[1][1]" after two sentences citing one section reads as
    // a stutter and becomes "[1]".
    private static string Numbered(string text)
    {
        var cited = CitedIds(text);
        var numbered = CitationMarker().Replace(text, m => $"[{cited.IndexOf(m.Groups["id"].Value) + 1}]");
        return RepeatedMarker().Replace(numbered, "$1");
    }

    [GeneratedRegex(@"\[(?<id>S\d+)\]")]
    private static partial Regex CitationMarker();

    [GeneratedRegex(@"\[S?\d*$")]
    private static partial Regex UnfinishedMarker();

    [GeneratedRegex(@"(\[\d+\])(\s*\1)+")]
    private static partial Regex RepeatedMarker();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The language model failed ({Error}: {Message}); answering from the knowledge base directly")]
    private static partial void LogModelFailed(ILogger logger, string error, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A generated answer was not sent because {Problem}; answering from the knowledge base directly")]
    private static partial void LogRejected(ILogger logger, string problem);
}
