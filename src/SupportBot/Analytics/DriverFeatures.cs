using SupportBot.Answering;
using SupportBot.Touchpoints;

namespace SupportBot.Analytics;

internal sealed record DriverFeature(string Id, string Label, Func<SurveyedCustomer, bool> Applies);

/// The journey features satisfaction is explained by. Terms reads a question's search terms, to tell a question
/// asked again in other words (the same Jaccard rule answering uses).
internal sealed class DriverFeatures(int waitMinutes, double repeatSimilarity, Func<string, IReadOnlySet<string>> terms)
{
    public const int DefaultWaitMinutes = 5;
    private const int MinSharedTerms = 2;

    public int WaitMinutes { get; } = waitMinutes;

    public IEnumerable<DriverFeature> For(IReadOnlyList<SurveyedCustomer> customers)
    {
        yield return Any("escalated", "Was escalated to a person", c => !c.Contained || c.EscalationReasons.Count > 0);
        yield return Any("waited_long", $"Waited more than {WaitMinutes} minutes for an agent",
            c => c.OfKind(TouchpointKind.Claimed).Any(t => t.DurationMs > WaitMinutes * 60_000.0));
        yield return Any("repeated_question", "Had to ask a question again",
            c => c.EscalationReasons.Contains(EscalationReasons.RepeatedFailure) || AskedAgain(c));
        yield return Any("failed_answer", "Got an unsure or out-of-scope answer",
            c => c.EscalationReasons.Contains(EscalationReasons.LowConfidence) || c.EscalationReasons.Contains(EscalationReasons.OutOfScope));
        yield return Any("disliked_answer", "Disliked an answer", c => c.OfKind(TouchpointKind.Feedback).Any(f => f.Reason == "dislike"));
        yield return Any("liked_answer", "Liked an answer", c => c.OfKind(TouchpointKind.Feedback).Any(f => f.Reason == "like"));
        yield return Any("left_queue", "Left the queue before an agent came", c => c.OfKind(TouchpointKind.HandoffCancelled).Any());
        yield return Any("left_message", "Left a message (nobody available)", c => c.OfKind(TouchpointKind.Ticket).Any());
        yield return new DriverFeature("purchased", "Has made a purchase", c => c.Conversations.Any(x => x.Purchaser));
        yield return new DriverFeature("returning", "Had written before", c => c.Conversations.Any(x => x.Returning));
        yield return new DriverFeature("several_contacts", "Contacted support more than once", c => c.Conversations.Count > 1);
        foreach (var channel in customers.SelectMany(c => c.Conversations).Select(c => c.Channel).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            yield return new DriverFeature($"channel:{channel}", $"Wrote through {channel}", c => c.Conversations.Any(x => x.Channel == channel));
        }
    }

    private static DriverFeature Any(string id, string label, Func<ConversationJourney, bool> applies)
        => new(id, label, c => c.Conversations.Any(applies));

    // Two of the customer's own messages in one conversation that ask the same thing.
    private bool AskedAgain(ConversationJourney conversation)
    {
        var asked = conversation.QuestionsToTheBot().Select(terms).Where(t => t.Count >= MinSharedTerms).ToList();
        for (var i = 1; i < asked.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (asked[i].Count(asked[j].Contains) >= MinSharedTerms && QuestionGroups.Jaccard(asked[i], asked[j]) >= repeatSimilarity)
                {
                    return true;
                }
            }
        }
        return false;
    }
}
