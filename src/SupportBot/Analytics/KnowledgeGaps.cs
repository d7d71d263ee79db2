using SupportBot.Answering;
using SupportBot.Touchpoints;

namespace SupportBot.Analytics;

/// What the knowledge base is missing: the questions the bot could not answer (it was not sure, the question was
/// out of its scope, the customer had to ask again) and the questions behind answers customers disliked, grouped
/// by what they ask. A big group is an article worth writing.
internal static class KnowledgeGaps
{
    public static readonly IReadOnlySet<string> GapReasons = new HashSet<string>(StringComparer.Ordinal)
    {
        EscalationReasons.LowConfidence, EscalationReasons.OutOfScope, EscalationReasons.RepeatedFailure,
    };

    public const string Disliked = "disliked";

    public static IReadOnlyList<KnowledgeGap> Find(IReadOnlyList<ConversationJourney> conversations, QuestionGroups groups, int top)
        => Find([.. Unanswered(conversations).Select(u => new UnansweredText(u.Question, u.Reason, 1))], groups, top);

    /// The gaps from the unanswered questions counted by text and reason (the store counts them:
    /// RollupQuestionReader), in the order they were first asked.
    public static IReadOnlyList<KnowledgeGap> Find(IReadOnlyList<UnansweredText> unanswered, QuestionGroups groups, int top)
    {
        var reasonsByQuestion = unanswered.ToLookup(u => u.Question.Trim(), u => (u.Reason, u.Count), StringComparer.OrdinalIgnoreCase);
        return
        [
            .. groups.Group(unanswered.Select(u => new AskedText(u.Question, u.Count))).Take(top).Select(g => new KnowledgeGap(
                g.Label, g.Count, g.Examples, g.Terms,
                g.Wordings.SelectMany(w => reasonsByQuestion[w]).GroupBy(r => r.Reason, StringComparer.Ordinal)
                    .Select(r => (r.Key, Count: r.Sum(x => x.Count)))
                    .OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)
                    .ToDictionary(r => r.Key, r => r.Count, StringComparer.Ordinal))),
        ];
    }

    /// Each question the bot could not answer, with why: the escalation reason, or "disliked".
    public static IEnumerable<(string Question, string Reason)> Unanswered(IEnumerable<ConversationJourney> conversations)
    {
        foreach (var conversation in conversations)
        {
            var answers = conversation.OfKind(TouchpointKind.BotAnswer).Where(a => a.ActivityId is not null)
                .GroupBy(a => a.ActivityId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (var touchpoint in conversation.Touchpoints)
            {
                var reason = touchpoint.Kind switch
                {
                    TouchpointKind.Escalation when touchpoint.Reason is { } r && GapReasons.Contains(r) => r,
                    TouchpointKind.Feedback when touchpoint.Reason == "dislike" => Disliked,
                    _ => null,
                };
                var answered = touchpoint.Kind == TouchpointKind.Feedback
                    ? touchpoint.ActivityId is { } rated && answers.TryGetValue(rated, out var answer) ? answer : null
                    : touchpoint;
                if (reason is not null && answered is not null && conversation.QuestionBefore(answered) is { } question)
                {
                    yield return (question, reason);
                }
            }
        }
    }
}

/// A question the bot could not answer, why, and how many times that happened.
internal readonly record struct UnansweredText(string Question, string Reason, int Count);

internal sealed record KnowledgeGap(string Label, int Count, IReadOnlyList<string> Examples, IReadOnlyList<string> Terms, IReadOnlyDictionary<string, int> Reasons);
