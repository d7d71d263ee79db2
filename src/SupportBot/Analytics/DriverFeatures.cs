using SupportBot.Answering;
using SupportBot.Localization;

namespace SupportBot.Analytics;

/// A yes/no feature of a rated conversation. Features sharing a Factor are the levels of one categorical control
/// (the agent, the channel, the language, the month): each conversation has one level, and a level is reported
/// against the others. Reported false marks a pure control: in the model, never listed.
internal sealed record DriverFeature(string Id, string Label, Func<RatedConversation, bool> Applies, string? Factor = null, bool Reported = true);

/// The journey features satisfaction is explained by. Terms reads a question's search terms, to tell a question
/// asked again in other words (the same Jaccard rule answering uses).
internal sealed class DriverFeatures(int waitMinutes, double repeatSimilarity, Func<string, IReadOnlySet<string>> terms)
{
    public const int DefaultWaitMinutes = 5;
    private const int MinSharedTerms = 2;

    public int WaitMinutes { get; } = waitMinutes;

    public IEnumerable<DriverFeature> For(IReadOnlyList<RatedConversation> rated)
    {
        yield return Of("escalated", "Was escalated to a person", c => !c.Contained || c.EscalationReasons.Count > 0);
        yield return Of("waited_long", $"Waited more than {WaitMinutes} minutes for an agent", c => c.MaxWaitMs > WaitMinutes * 60_000.0);
        yield return Of("repeated_question", "Had to ask a question again",
            c => c.EscalationReasons.Contains(EscalationReasons.RepeatedFailure) || c.AskedAgain);
        yield return Of("failed_answer", "Got an unsure or out-of-scope answer",
            c => c.EscalationReasons.Contains(EscalationReasons.LowConfidence) || c.EscalationReasons.Contains(EscalationReasons.OutOfScope));
        yield return Of("upset", "Wrote something angry", c => c.EscalationReasons.Contains(EscalationReasons.NegativeSentiment));
        yield return Of("disliked_answer", "Disliked an answer", c => c.Dislikes > 0);
        yield return Of("liked_answer", "Liked an answer", c => c.Likes > 0);
        yield return Of("transferred", "Was transferred to another agent", c => c.Transferred);
        yield return Of("left_queue", "Left the queue before an agent came", c => c.LeftQueue);
        yield return Of("left_message", "Left a message (nobody available)", c => c.LeftMessage);
        yield return new DriverFeature("purchased", "Has made a purchase", c => c.Conversation.Purchaser);
        yield return new DriverFeature("returning", "Had written before", c => c.Conversation.Returning);
        yield return new DriverFeature("several_contacts", "Contacted support more than once in the range", c => c.CustomerConversations > 1);
        foreach (var agent in Levels(rated, AgentOf))
        {
            yield return new DriverFeature($"agent:{agent}", agent.Length == 0 ? "No agent took it" : $"Served by agent {agent}",
                c => AgentOf(c) == agent, "agent");
        }
        foreach (var channel in Levels(rated, c => c.Conversation.Channel))
        {
            yield return new DriverFeature($"channel:{channel}", $"Wrote through {channel}", c => c.Conversation.Channel == channel, "channel");
        }
        foreach (var language in Levels(rated, LanguageOf))
        {
            yield return new DriverFeature($"language:{language}", $"Wrote in {LanguageName(language)}", c => LanguageOf(c) == language, "language");
        }
        // Ratings drift over time for reasons of their own (a release, a season); the month holds that apart.
        foreach (var month in Levels(rated, MonthOf))
        {
            yield return new DriverFeature($"month:{month}", $"Started in {month}", c => MonthOf(c) == month, "month", Reported: false);
        }
    }

    private static DriverFeature Of(string id, string label, Func<ConversationFacts, bool> applies)
        => new(id, label, c => applies(c.Conversation));

    private static IEnumerable<string> Levels(IReadOnlyList<RatedConversation> rated, Func<RatedConversation, string> level)
        => rated.Select(level).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    // The agent who first took the conversation; a transfer's second agent did not set the customer's wait.
    private static string AgentOf(RatedConversation c) => c.Conversation.FirstAgent ?? "";

    private static string LanguageOf(RatedConversation c) => c.Conversation.Language ?? "unknown";

    private static string LanguageName(string language) => language switch
    {
        Languages.English => "English",
        Languages.Indonesian => "Indonesian",
        "unknown" => "an undetected language",
        _ => language,
    };

    private static string MonthOf(RatedConversation c) => c.Conversation.StartedAt.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// The facts of conversations assembled in memory, read with these features' question terms.
    public IReadOnlyList<ConversationFacts> Facts(IReadOnlyList<ConversationJourney> conversations) => ConversationFacts.From(conversations, AskedAgain);

    /// Two of the customer's own messages in one conversation that ask the same thing.
    public bool AskedAgain(ConversationJourney conversation)
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
