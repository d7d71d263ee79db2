using SupportBot.Touchpoints;

namespace SupportBot.Analytics;

/// The outcome measures support teams ask for, over the filter's conversations, with re-contacts looked for up to
/// RecontactDays after each one (in any channel, so a customer who moves from web chat to Teams still counts):
/// - re-contact: the customer started another conversation on the same topic within RecontactDays;
/// - verified resolution: of the conversations the bot answered alone (an answer, no escalation, no person), the share
///   with no re-contact;
/// - first-contact resolution: of all conversations, the share resolved within that one (the bot answered alone, or an
///   agent resolved the handoff) with no re-contact;
/// - CSAT of the conversations the bot handled alone beside those a person was brought into.
/// The same topic: the two cite an article in common, or their first questions share at least half their terms.
internal sealed record OutcomeReport(
    int RecontactDays,
    int Conversations,
    int Recontacted,
    double? RecontactRate,
    int AnsweredByBot,
    int VerifiedResolved,
    double? VerifiedResolutionRate,
    int ResolvedFirstContact,
    double? FirstContactResolutionRate,
    SatisfactionFigures BotOnly,
    SatisfactionFigures PersonHandled,
    IReadOnlyList<RecontactTopic> Topics)
{
    public const int DefaultRecontactDays = 7;
    public const int MaxRecontactDays = 90;
    private const double SameQuestion = 0.5;
    private const int TopTopics = 10;

    /// conversations: the filter's; later: every conversation from the filter's start until RecontactDays after its
    /// end, of every customer, channel and segment. terms: a question's index terms.
    public static OutcomeReport From(
        IReadOnlyList<ConversationJourney> conversations, IReadOnlyList<ConversationJourney> later, int recontactDays,
        Func<string, IReadOnlySet<string>> terms)
    {
        var window = TimeSpan.FromDays(recontactDays);
        var topics = new Dictionary<string, Topic>(StringComparer.Ordinal);
        Topic TopicOf(ConversationJourney c) => topics.TryGetValue(c.Id, out var t) ? t : topics[c.Id] = Topic.Of(c, terms);
        var byCustomer = later.GroupBy(c => c.CustomerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        bool Recontacts(ConversationJourney c) => byCustomer.TryGetValue(c.CustomerId, out var theirs)
            && theirs.Any(d => d.Id != c.Id && d.StartedAt > c.StartedAt && d.StartedAt <= c.StartedAt + window && TopicOf(c).Shares(TopicOf(d)));

        var recontacted = conversations.Where(Recontacts).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var answeredByBot = conversations.Where(AnsweredAlone).ToList();
        var verified = answeredByBot.Count(c => !recontacted.Contains(c.Id));
        var firstContact = conversations.Count(c => (AnsweredAlone(c) || c.OfKind(TouchpointKind.Resolution).Any()) && !recontacted.Contains(c.Id));
        return new OutcomeReport(
            recontactDays,
            conversations.Count,
            recontacted.Count,
            OverviewReport.Rate(recontacted.Count, conversations.Count),
            answeredByBot.Count,
            verified,
            OverviewReport.Rate(verified, answeredByBot.Count),
            firstContact,
            OverviewReport.Rate(firstContact, conversations.Count),
            SatisfactionFigures.From(conversations.Where(c => c.Contained).SelectMany(c => c.Ratings)),
            SatisfactionFigures.From(conversations.Where(c => !c.Contained).SelectMany(c => c.Ratings)),
            RecontactTopic.Rank(conversations, recontacted, TopicOf, TopTopics));
    }

    // The bot answered and nothing else was needed: no escalation, no person, no ticket.
    private static bool AnsweredAlone(ConversationJourney c)
        => c.Contained && c.OfKind(TouchpointKind.BotAnswer).Any() && !c.OfKind(TouchpointKind.Escalation).Any();

    internal sealed record Topic(IReadOnlySet<string> Articles, IReadOnlySet<string> Terms, string Label)
    {
        public static Topic Of(ConversationJourney c, Func<string, IReadOnlySet<string>> terms)
        {
            var articles = c.OfKind(TouchpointKind.BotAnswer).SelectMany(t => t.CitedArticleIds).ToHashSet(StringComparer.Ordinal);
            var question = c.QuestionsToTheBot().FirstOrDefault() ?? c.OfKind(TouchpointKind.CustomerMessage).FirstOrDefault()?.Text ?? string.Empty;
            var label = c.OfKind(TouchpointKind.BotAnswer).SelectMany(t => t.CitedArticleIds).FirstOrDefault() is { } article ? article : question;
            return new Topic(articles, terms(question), label);
        }

        public bool Shares(Topic other)
            => Articles.Overlaps(other.Articles) || (Terms.Count > 0 && QuestionGroups.Jaccard(Terms, other.Terms) >= SameQuestion);
    }
}

/// A topic customers came back about: the article the bot cited, or the first question where it cited none; how many
/// of its conversations were followed by a re-contact.
internal sealed record RecontactTopic(string Topic, bool IsArticle, int Conversations, int Recontacted, double? Rate)
{
    public static IReadOnlyList<RecontactTopic> Rank(
        IReadOnlyList<ConversationJourney> conversations, IReadOnlySet<string> recontacted, Func<ConversationJourney, OutcomeReport.Topic> topicOf, int top)
    {
        // Questions without an article are grouped with the first earlier question of the same topic, so rewordings
        // of one missing topic add up.
        var groups = new List<(OutcomeReport.Topic Topic, List<ConversationJourney> Members)>();
        var byArticle = new Dictionary<string, int>(StringComparer.Ordinal);
        var questionGroups = new List<int>();
        foreach (var c in conversations)
        {
            var topic = topicOf(c);
            var group = topic.Articles.Count > 0
                ? byArticle.GetValueOrDefault(topic.Label, -1)
                : questionGroups.FindIndex(g => groups[g].Topic.Shares(topic)) is >= 0 and var at ? questionGroups[at] : -1;
            if (group < 0)
            {
                group = groups.Count;
                groups.Add((topic, []));
                if (topic.Articles.Count > 0)
                {
                    byArticle[topic.Label] = group;
                }
                else
                {
                    questionGroups.Add(group);
                }
            }
            groups[group].Members.Add(c);
        }
        return [.. groups
            .Select(g => new RecontactTopic(g.Topic.Label, g.Topic.Articles.Count > 0, g.Members.Count, g.Members.Count(c => recontacted.Contains(c.Id)),
                OverviewReport.Rate(g.Members.Count(c => recontacted.Contains(c.Id)), g.Members.Count)))
            .Where(t => t.Recontacted > 0)
            .OrderByDescending(t => t.Recontacted).ThenBy(t => t.Topic, StringComparer.Ordinal)
            .Take(top)];
    }
}
