namespace SupportBot.Agents;

/// The dashboard's customer segments, for the per-agent report. Analytics implements it over its per-conversation
/// rollup (Analytics/AgentReportSegments), so the report counts exactly the conversations the dashboard's other cards
/// count, and Agents needs no import of Analytics (which imports Agents for its supervisor policy).
internal interface IReportSegments
{
    /// The segment ids, "all" first.
    IReadOnlyList<string> Ids { get; }

    /// Brings the rollup up to date and returns an SQL condition (both engines) that holds when the value of
    /// conversationColumn is one of the segment's conversations; null for "all", which selects every conversation.
    /// An unknown segment is the caller's error: check it against Ids first.
    Task<string?> ConditionAsync(string segment, string conversationColumn, CancellationToken cancellationToken);
}
