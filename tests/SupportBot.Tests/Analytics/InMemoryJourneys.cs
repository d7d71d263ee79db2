using SupportBot.Analytics;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Analytics;

/// Conversations as the analytics reader would assemble them from a log, without a store: for tests of the
/// analysis itself over thousands of generated journeys.
internal static class InMemoryJourneys
{
    public static IReadOnlyList<ConversationJourney> Assemble(IReadOnlyList<Touchpoint> log)
    {
        var firstMessages = log.Where(t => t.Kind == TouchpointKind.CustomerMessage).GroupBy(t => t.CustomerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(t => t.OccurredAt), StringComparer.Ordinal);
        var purchasers = log.Where(t => t.Kind == TouchpointKind.Purchase).Select(t => t.CustomerId).ToHashSet(StringComparer.Ordinal);
        return AnalyticsReader.Assemble(log, firstMessages, purchasers, Segments.All);
    }

    /// Driver features with plain word terms in place of the knowledge index's analyser.
    public static DriverFeatures Features(int waitMinutes = DriverFeatures.DefaultWaitMinutes)
        => new(waitMinutes, 0.5, question => question.ToLowerInvariant()
            .Split([' ', '?', '!', '.', ','], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3).ToHashSet(StringComparer.Ordinal));
}
