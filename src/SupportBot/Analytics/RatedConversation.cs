namespace SupportBot.Analytics;

/// One rated conversation, the unit the driver analysis explains: a survey rates the conversation it closed, so
/// the conversation's own features (its wait, its agent, its failed answers) sit beside the rating they shaped.
/// What is known of the customer (their other conversations in the range) comes along. Rating is the mean of the
/// conversation's surveys (one per handoff).
internal sealed record RatedConversation(ConversationJourney Conversation, IReadOnlyList<ConversationJourney> CustomerConversations, double Rating)
{
    public string CustomerId => Conversation.CustomerId;

    public static IReadOnlyList<RatedConversation> From(IReadOnlyList<ConversationJourney> conversations)
    {
        var byCustomer = conversations.GroupBy(c => c.CustomerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ConversationJourney>)[.. g], StringComparer.Ordinal);
        return
        [
            .. conversations.Select(c => (Conversation: c, Ratings: c.Ratings.ToList()))
                .Where(c => c.Ratings.Count > 0)
                .Select(c => new RatedConversation(c.Conversation, byCustomer[c.Conversation.CustomerId], c.Ratings.Average())),
        ];
    }
}
