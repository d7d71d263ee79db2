namespace SupportBot.Analytics;

/// Why two customers given similar service end with different satisfaction: their journeys side by side, and the
/// features in which they differ, ranked by how much of the rating gap the adjusted model puts on each (the
/// feature's adjusted effect times the difference in how often each side had it). Whatever the features do not
/// account for is left as unexplained, never spread over them. The second side is another customer, or the
/// customer's peers: the other rated customers in the range who first wrote through the same channel and were
/// first served by the same agent.
internal static class CustomerComparison
{
    public static ComparisonReport? Compare(
        IReadOnlyList<ConversationJourney> conversations, DriverFeatures features, string customer, string? other)
        => Compare(RatedConversation.From(features.Facts(conversations)), features, customer, other);

    public static ComparisonReport? Compare(IReadOnlyList<RatedConversation> rated, DriverFeatures features, string customer, string? other)
    {
        var mine = rated.Where(r => r.CustomerId == customer).ToList();
        if (mine.Count == 0)
        {
            return null;
        }
        var theirs = other is null ? Peers(rated, mine) : [.. rated.Where(r => r.CustomerId == other)];
        if (theirs.Count == 0)
        {
            return null;
        }
        var groups = features.Groups(rated);
        var report = SatisfactionDrivers.Rank(groups, features);
        var all = features.For([.. groups.Select(g => g.Pattern)]).Where(f => f.Reported).ToList();
        var minePatterns = mine.Select(features.PatternOf).ToList();
        var theirPatterns = theirs.Select(features.PatternOf).ToList();
        var differences = new List<ComparisonDifference>();
        foreach (var feature in all)
        {
            var first = minePatterns.Average(p => feature.Applies(p) ? 1.0 : 0.0);
            var second = theirPatterns.Average(p => feature.Applies(p) ? 1.0 : 0.0);
            if (Math.Abs(first - second) < 1e-9)
            {
                continue;
            }
            var driver = report.Drivers.FirstOrDefault(d => d.Id == feature.Id);
            var effect = driver?.Adjusted?.Effect;
            differences.Add(new ComparisonDifference(feature.Id, feature.Label, first, second, effect, effect * (first - second),
                driver?.Reading ?? DriverReading.NotEnoughData));
        }
        var gap = mine.Average(r => r.Rating) - theirs.Average(r => r.Rating);
        var explained = differences.Where(d => d.Reading is DriverReading.Lower or DriverReading.Higher).Sum(d => d.Contribution ?? 0);
        return new ComparisonReport(
            Side.Of(customer, mine),
            Side.Of(other ?? $"{theirs.Select(r => r.CustomerId).Distinct(StringComparer.Ordinal).Count()} similar customers", theirs, other is null),
            gap,
            explained,
            [.. differences.OrderBy(d => d.Reading is DriverReading.Lower or DriverReading.Higher ? 0 : 1)
                .ThenByDescending(d => Math.Abs(d.Contribution ?? 0)).ThenBy(d => d.Id, StringComparer.Ordinal)]);
    }

    /// Two customers with the same first channel and agent whose ratings lie furthest apart: the pair the view
    /// opens on, so a supervisor sees the point before choosing their own.
    public static (string First, string Second)? SuggestPair(IReadOnlyList<ConversationJourney> conversations)
        => SuggestPair(RatedConversation.From(ConversationFacts.From(conversations, _ => false)));

    public static (string First, string Second)? SuggestPair(IReadOnlyList<RatedConversation> rated)
    {
        var best = rated.GroupBy(ServiceOf, StringComparer.Ordinal)
            .Select(g => (Low: g.MinBy(r => (r.Rating, r.CustomerId)), High: g.MaxBy(r => (r.Rating, r.CustomerId))))
            .Where(p => p.Low is not null && p.High is not null && p.Low.CustomerId != p.High.CustomerId)
            .OrderByDescending(p => p.High!.Rating - p.Low!.Rating).ThenBy(p => p.Low!.CustomerId, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Low is null ? null : (best.High!.CustomerId, best.Low.CustomerId);
    }

    private static List<RatedConversation> Peers(IReadOnlyList<RatedConversation> rated, List<RatedConversation> mine)
    {
        var service = ServiceOf(mine[0]);
        return [.. rated.Where(r => r.CustomerId != mine[0].CustomerId && ServiceOf(r) == service)];
    }

    private static string ServiceOf(RatedConversation r)
        => $"{r.Conversation.Channel}|{r.Conversation.FirstAgent}";
}

internal sealed record ComparisonReport(ComparisonSide First, ComparisonSide Second, double RatingGap, double Explained, IReadOnlyList<ComparisonDifference> Differences);

/// One feature the two sides differ in: the share of each side's rated conversations that had it, the feature's
/// adjusted effect, and the part of the rating gap it accounts for (effect × difference in share).
internal sealed record ComparisonDifference(string Id, string Label, double First, double Second, double? Effect, double? Contribution, string Reading);

/// One side of a comparison: a customer's rated conversations (or a group's, summarised) and what their journeys held.
internal sealed record ComparisonSide(
    string Label, bool Group, int Customers, double Rating, int RatedConversations, double Returning, double Purchased, double? MeanWaitMinutes,
    double FailedAnswers, IReadOnlyList<string> Channels, IReadOnlyList<string> Agents, IReadOnlyList<ComparedConversation> Conversations);

internal sealed record ComparedConversation(string Id, DateTimeOffset StartedAt, string Channel, string? Agent, double? WaitMinutes, bool FailedAnswer, double Rating);

internal static class Side
{
    private const int MaxConversationsListed = 20;

    public static ComparisonSide Of(string label, IReadOnlyList<RatedConversation> rated, bool group = false)
    {
        var listed = rated.Select(r => new ComparedConversation(
            r.Conversation.Id, r.Conversation.StartedAt, r.Conversation.Channel, AgentOf(r), WaitOf(r),
            r.Conversation.EscalationReasons.Overlaps([Answering.EscalationReasons.LowConfidence, Answering.EscalationReasons.OutOfScope]), r.Rating)).ToList();
        var waits = listed.Where(c => c.WaitMinutes is not null).Select(c => c.WaitMinutes!.Value).ToList();
        return new ComparisonSide(
            label,
            group,
            rated.Select(r => r.CustomerId).Distinct(StringComparer.Ordinal).Count(),
            rated.Average(r => r.Rating),
            rated.Count,
            rated.Average(r => r.Conversation.Returning ? 1.0 : 0.0),
            rated.Average(r => r.Conversation.Purchaser ? 1.0 : 0.0),
            waits.Count == 0 ? null : waits.Average(),
            listed.Average(c => c.FailedAnswer ? 1.0 : 0.0),
            [.. listed.Select(c => c.Channel).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. listed.Select(c => c.Agent).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            group ? [] : [.. listed.OrderBy(c => c.StartedAt).Take(MaxConversationsListed)]);
    }

    private static string? AgentOf(RatedConversation r) => r.Conversation.FirstAgent;

    private static double? WaitOf(RatedConversation r) => r.Conversation.FirstWaitMs is { } ms ? ms / 60_000 : null;
}
