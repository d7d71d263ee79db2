using SupportBot.Answering;
using SupportBot.Localization;

namespace SupportBot.Analytics;

/// A yes/no feature of a rated conversation, read from its pattern. Features sharing a Factor are the levels of one
/// categorical control (the agent, the channel, the language, the month): each conversation has one level, and a
/// level is reported against the others. Reported false marks a pure control: in the model, never listed.
internal sealed record DriverFeature(string Id, string Label, Func<DriverPattern, bool> Applies, string? Factor = null, bool Reported = true);

/// The journey features satisfaction is explained by. Terms reads a question's search terms, to tell a question
/// asked again in other words (the same Jaccard rule answering uses).
internal sealed class DriverFeatures(int waitMinutes, double repeatSimilarity, Func<string, IReadOnlySet<string>> terms)
{
    public const int DefaultWaitMinutes = 5;
    private const int MinSharedTerms = 2;

    public int WaitMinutes { get; } = waitMinutes;

    /// The features, with one level per agent, channel, language and month among the patterns.
    public IEnumerable<DriverFeature> For(IReadOnlyList<DriverPattern> patterns)
    {
        yield return new("escalated", "Was escalated to a person", c => !c.Contained || c.EscalationReasons.Count > 0);
        yield return new("waited_long", $"Waited more than {WaitMinutes} minutes for an agent", c => c.WaitedLong);
        yield return new("repeated_question", "Had to ask a question again",
            c => c.EscalationReasons.Contains(EscalationReasons.RepeatedFailure) || c.AskedAgain);
        yield return new("failed_answer", "Got an unsure or out-of-scope answer",
            c => c.EscalationReasons.Contains(EscalationReasons.LowConfidence) || c.EscalationReasons.Contains(EscalationReasons.OutOfScope));
        yield return new("upset", "Wrote something angry", c => c.EscalationReasons.Contains(EscalationReasons.NegativeSentiment));
        yield return new("disliked_answer", "Disliked an answer", c => c.Disliked);
        yield return new("liked_answer", "Liked an answer", c => c.Liked);
        yield return new("transferred", "Was transferred to another agent", c => c.Transferred);
        yield return new("left_queue", "Left the queue before an agent came", c => c.LeftQueue);
        yield return new("left_message", "Left a message (nobody available)", c => c.LeftMessage);
        yield return new("purchased", "Has made a purchase", c => c.Purchaser);
        yield return new("returning", "Had written before", c => c.Returning);
        yield return new("several_contacts", "Contacted support more than once in the range", c => c.CustomerConversations > 1);
        // The agent who first took the conversation; a transfer's second agent did not set the customer's wait.
        foreach (var agent in Levels(patterns, c => c.Agent))
        {
            yield return new($"agent:{agent}", agent.Length == 0 ? "No agent took it" : $"Served by agent {agent}", c => c.Agent == agent, "agent");
        }
        foreach (var channel in Levels(patterns, c => c.Channel))
        {
            yield return new($"channel:{channel}", $"Wrote through {channel}", c => c.Channel == channel, "channel");
        }
        foreach (var language in Levels(patterns, c => c.Language))
        {
            yield return new($"language:{language}", $"Wrote in {LanguageName(language)}", c => c.Language == language, "language");
        }
        // Ratings drift over time for reasons of their own (a release, a season); the month holds that apart.
        foreach (var month in Levels(patterns, c => c.Month))
        {
            yield return new($"month:{month}", $"Started in {month}", c => c.Month == month, "month", Reported: false);
        }
    }

    /// Each rated conversation as a group of its own, its wait compared with this threshold.
    public IReadOnlyList<RatedGroup> Groups(IReadOnlyList<RatedConversation> rated) => RatedGroup.Each(rated, WaitMinutes);

    public DriverPattern PatternOf(RatedConversation rated) => DriverPattern.Of(rated, WaitMinutes);

    private static IEnumerable<string> Levels(IReadOnlyList<DriverPattern> patterns, Func<DriverPattern, string> level)
        => patterns.Select(level).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private static string LanguageName(string language) => language switch
    {
        Languages.English => "English",
        Languages.Indonesian => "Indonesian",
        DriverPattern.UnknownLanguage => "an undetected language",
        _ => language,
    };

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
