using SupportBot.Touchpoints;

namespace SupportBot.Analytics;

/// One conversation as analytics reads it: its touchpoints in order, and what is known about the customer behind
/// it (an earlier conversation, a purchase, the language they wrote in).
internal sealed record ConversationJourney(
    string Id,
    string Channel,
    string CustomerId,
    DateTimeOffset StartedAt,
    IReadOnlyList<Touchpoint> Touchpoints,
    bool Returning,
    bool Purchaser,
    string? Language)
{
    /// Kinds that mean a person was brought in (or asked for): the bot alone did not close the conversation.
    private static readonly HashSet<string> PersonKinds = [TouchpointKind.Queued, TouchpointKind.Claimed, TouchpointKind.Ticket];

    public bool Contained => !Touchpoints.Any(t => PersonKinds.Contains(t.Kind));

    public IEnumerable<Touchpoint> OfKind(string kind) => Touchpoints.Where(t => t.Kind == kind);

    public IReadOnlySet<string> EscalationReasons => OfKind(TouchpointKind.Escalation).Select(t => t.Reason ?? "unknown").ToHashSet(StringComparer.Ordinal);

    public IEnumerable<int> Ratings => OfKind(TouchpointKind.Survey)
        .Where(t => t.Confidence is >= 1 and <= 5)
        .Select(t => (int)Math.Round(t.Confidence!.Value));

    /// The customer message each bot reply answered: the latest one before it.
    public string? QuestionBefore(Touchpoint reply)
    {
        string? question = null;
        foreach (var touchpoint in Touchpoints)
        {
            if (touchpoint.Id == reply.Id)
            {
                return question;
            }
            if (touchpoint.Kind == TouchpointKind.CustomerMessage && !string.IsNullOrWhiteSpace(touchpoint.Text))
            {
                question = touchpoint.Text;
            }
        }
        return null;
    }

    /// The customer messages the bot handled (answered or escalated), as opposed to small talk and messages to agents.
    public IEnumerable<string> QuestionsToTheBot()
    {
        string? question = null;
        foreach (var touchpoint in Touchpoints)
        {
            if (touchpoint.Kind == TouchpointKind.CustomerMessage)
            {
                question = string.IsNullOrWhiteSpace(touchpoint.Text) ? null : touchpoint.Text;
            }
            else if (question is not null && touchpoint.Kind is TouchpointKind.BotAnswer or TouchpointKind.Escalation)
            {
                yield return question;
                question = null;
            }
            else if (touchpoint.Kind is TouchpointKind.SmallTalk)
            {
                question = null;
            }
        }
    }
}
