using SupportBot.Agents;

namespace SupportBot.Analytics;

/// The segments as conditions on conversation ids for the per-agent report: the rollup's own segment conditions
/// (RollupReader), so a segment selects the same conversations in the agents table as in the dashboard's cards.
internal sealed class AgentReportSegments(AnalyticsRollup rollup) : IReportSegments
{
    public IReadOnlyList<string> Ids { get; } = [.. Segments.List.Select(s => s.Id)];

    public async Task<string?> ConditionAsync(string segment, string conversationColumn, CancellationToken cancellationToken)
    {
        var found = Segments.Find(segment) ?? throw new ArgumentException($"Unknown segment '{segment}'.", nameof(segment));
        if (found == Segments.All)
        {
            return null;
        }
        await rollup.CatchUpAsync(cancellationToken);
        return $"{conversationColumn} IN (SELECT f.conversation_id FROM conversation_facts f WHERE {RollupReader.ConditionOf(found)})";
    }
}
