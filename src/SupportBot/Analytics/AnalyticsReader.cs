using System.Globalization;
using Dapper;
using SupportBot.Localization;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Analytics;

/// Reads the conversations a filter selects from the touchpoint log, with what the segments need to know about
/// their customers. Plain, portable SELECTs: every aggregate is computed in C#, so any store engine serves them.
internal sealed class AnalyticsReader(TouchpointStore touchpoints, Database database)
{
    public async Task<IReadOnlyList<ConversationJourney>> LoadAsync(AnalyticsFilter filter, CancellationToken cancellationToken)
    {
        var rows = await touchpoints.GetConversationsStartedAsync(filter.From, filter.To, filter.Channel, cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }
        var firstMessages = await FirstMessagesAsync(cancellationToken);
        var purchasers = await CustomersWithAsync(TouchpointKind.Purchase, cancellationToken);
        return Assemble(rows, firstMessages, purchasers, filter.Segment);
    }

    /// Groups touchpoints (in order) into conversations, with what is known of each customer: when they first
    /// wrote, and whether they bought something. Only the segment's conversations are kept.
    public static IReadOnlyList<ConversationJourney> Assemble(
        IEnumerable<Touchpoint> rows, IReadOnlyDictionary<string, DateTimeOffset> firstMessages, IReadOnlySet<string> purchasers, Segment segment)
    {
        var journeys = new List<ConversationJourney>();
        foreach (var conversation in rows.GroupBy(t => t.ConversationId, StringComparer.Ordinal))
        {
            var list = conversation.ToList();
            var messages = list.Where(t => t.Kind == TouchpointKind.CustomerMessage).ToList();
            if (messages.Count == 0)
            {
                continue;
            }
            var first = messages[0];
            var journey = new ConversationJourney(
                conversation.Key,
                first.Channel,
                first.CustomerId,
                first.OccurredAt,
                list,
                Returning: firstMessages.TryGetValue(first.CustomerId, out var firstSeen) && firstSeen < first.OccurredAt,
                Purchaser: purchasers.Contains(first.CustomerId),
                Language: Languages.Detect(string.Join("\n", messages.Select(m => m.Text))));
            if (segment.Includes(journey))
            {
                journeys.Add(journey);
            }
        }
        return journeys;
    }

    /// The channels conversations have come from, for the filter's choices.
    public async Task<IReadOnlyList<string>> ChannelsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var channels = await connection.QueryAsync<string>(
            "SELECT DISTINCT channel FROM touchpoints WHERE kind = @Kind ORDER BY channel", new { Kind = TouchpointKind.CustomerMessage });
        return [.. channels];
    }

    private async Task<Dictionary<string, DateTimeOffset>> FirstMessagesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Customer, string First)>(
            "SELECT customer_id, MIN(occurred_at) FROM touchpoints WHERE kind = @Kind GROUP BY customer_id",
            new { Kind = TouchpointKind.CustomerMessage });
        return rows.ToDictionary(r => r.Customer, r => DateTimeOffset.Parse(r.First, CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    private async Task<HashSet<string>> CustomersWithAsync(string kind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var customers = await connection.QueryAsync<string>("SELECT DISTINCT customer_id FROM touchpoints WHERE kind = @Kind", new { Kind = kind });
        return customers.ToHashSet(StringComparer.Ordinal);
    }
}
