namespace SupportBot.Analytics;

/// One rated conversation, the unit the driver analysis explains: a survey rates the conversation it closed, so
/// the conversation's own features (its wait, its agent, its failed answers) sit beside the rating they shaped.
/// What is known of the customer (how many conversations they had in the range) comes along. Rating is the mean of
/// the conversation's surveys (one per handoff).
internal sealed record RatedConversation(ConversationFacts Conversation, int CustomerConversations, double Rating)
{
    public string CustomerId => Conversation.CustomerId;

    public static IReadOnlyList<RatedConversation> From(IReadOnlyList<ConversationFacts> conversations)
    {
        var byCustomer = conversations.GroupBy(c => c.CustomerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. conversations.Where(c => c.Rated > 0).Select(c => new RatedConversation(c, byCustomer[c.CustomerId], c.Rating!.Value))];
    }
}
