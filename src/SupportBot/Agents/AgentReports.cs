using System.Globalization;
using Dapper;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Agents;

/// Per-agent figures over [from, to), from the touchpoint log: conversations taken (claimed or assigned), mean first
/// response (claim to first reply), mean handle time (claim to resolution), CSAT (mean survey rating, 1-5) and SLA
/// breaches. One GROUP BY on both engines. A channel keeps that channel's touchpoints; a segment (the dashboard's,
/// through IReportSegments) keeps the touchpoints of its conversations.
internal sealed class AgentReports(Database database, IReportSegments segments)
{
    public async Task<IReadOnlyList<AgentReportRow>> ReadAsync(
        DateTimeOffset from, DateTimeOffset to, string? channel, string segment, CancellationToken cancellationToken)
    {
        var inSegment = await segments.ConditionAsync(segment, "conversation_id", cancellationToken);
        var filters = (channel is null ? "" : " AND channel = @Channel") + (inSegment is null ? "" : $" AND {inSegment}");
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT agent_id AS AgentId,
                   SUM(CASE WHEN kind = @Claimed THEN 1 ELSE 0 END) AS Conversations,
                   AVG(CASE WHEN kind = @Reply THEN duration_ms END) AS FirstResponseMs,
                   AVG(CASE WHEN kind = @Resolution THEN duration_ms END) AS HandleMs,
                   SUM(CASE WHEN kind = @Resolution THEN 1 ELSE 0 END) AS Resolved,
                   AVG(CASE WHEN kind = @Survey THEN confidence END) AS Csat,
                   SUM(CASE WHEN kind = @Survey THEN 1 ELSE 0 END) AS Ratings,
                   SUM(CASE WHEN kind = @Breach THEN 1 ELSE 0 END) AS SlaBreaches
            FROM touchpoints
            WHERE agent_id IS NOT NULL AND agent_id <> 'external' AND occurred_at >= @From AND occurred_at < @To
              AND kind IN (@Claimed, @Reply, @Resolution, @Survey, @Breach){filters}
            GROUP BY agent_id
            ORDER BY agent_id
            """,
            new
            {
                Claimed = TouchpointKind.Claimed,
                Reply = TouchpointKind.AgentReply,
                Resolution = TouchpointKind.Resolution,
                Survey = TouchpointKind.Survey,
                Breach = TouchpointKind.SlaBreach,
                From = Time(from),
                To = Time(to),
                Channel = channel,
            },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new AgentReportRow(
            r.AgentId, (int)r.Conversations, Seconds(r.FirstResponseMs), Seconds(r.HandleMs), (int)r.Resolved,
            r.Csat is { } csat ? Math.Round(csat, 2) : null, (int)r.Ratings, (int)r.SlaBreaches))];
    }

    private static double? Seconds(double? ms) => ms is { } value ? Math.Round(value / 1000, 1) : null;

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    // Settable properties: an average over no rows is NULL, which SQLite gives no type (see AgentRoutingStore.Row).
    private sealed class Row
    {
        public string AgentId { get; set; } = string.Empty;
        public long Conversations { get; set; }
        public double? FirstResponseMs { get; set; }
        public double? HandleMs { get; set; }
        public long Resolved { get; set; }
        public double? Csat { get; set; }
        public long Ratings { get; set; }
        public long SlaBreaches { get; set; }
    }
}

/// One agent's figures; times in seconds, null when there was nothing to measure.
internal sealed record AgentReportRow(
    string AgentId, int Conversations, double? FirstResponseSeconds, double? HandleSeconds, int Resolved, double? Csat, int Ratings, int SlaBreaches);
