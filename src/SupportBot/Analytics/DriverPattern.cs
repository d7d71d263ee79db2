using SupportBot.Analytics.Statistics;

namespace SupportBot.Analytics;

/// Everything a driver feature reads of a rated conversation, and nothing else: rated conversations with the same
/// pattern are the same row of the model, so the store groups them (RollupReader.RatedGroupsAsync) and the analysis
/// fits one row per pattern with its ratings' sums. The customer is part of the pattern because the drivers list
/// the customers behind a feature. WaitedLong is the wait compared with the request's threshold.
internal sealed record DriverPattern(
    string CustomerId,
    int CustomerConversations,
    bool Contained,
    IReadOnlySet<string> EscalationReasons,
    bool WaitedLong,
    bool AskedAgain,
    bool Liked,
    bool Disliked,
    bool Transferred,
    bool LeftQueue,
    bool LeftMessage,
    bool Purchaser,
    bool Returning,
    string Agent,
    string Channel,
    string Language,
    string Month)
{
    public const string UnknownLanguage = "unknown";

    /// One rated conversation's pattern, as the store computes it for a group.
    public static DriverPattern Of(RatedConversation rated, int waitMinutes)
    {
        var c = rated.Conversation;
        return new DriverPattern(
            c.CustomerId, rated.CustomerConversations, c.Contained, c.EscalationReasons, c.MaxWaitMs > waitMinutes * 60_000.0, c.AskedAgain,
            c.Likes > 0, c.Dislikes > 0, c.Transferred, c.LeftQueue, c.LeftMessage, c.Purchaser, c.Returning, c.FirstAgent ?? "", c.Channel,
            c.Language ?? UnknownLanguage, MonthOf(c.StartedAt));
    }

    // The calendar month (UTC) a conversation started in; the store takes the same seven characters of started_at.
    public static string MonthOf(DateTimeOffset startedAt) => startedAt.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}

/// Rated conversations sharing one pattern: the pattern and their ratings' count, sums and extremes.
internal sealed record RatedGroup(DriverPattern Pattern, RatingMoments Ratings)
{
    /// One conversation as a group of its own: the in-memory path, row by row.
    public static IReadOnlyList<RatedGroup> Each(IReadOnlyList<RatedConversation> rated, int waitMinutes)
        => [.. rated.Select(r => new RatedGroup(DriverPattern.Of(r, waitMinutes), RatingMoments.Of(r.Rating)))];
}
