using System.Globalization;
using Dapper;
using SupportBot.Customers;
using SupportBot.Storage;

namespace SupportBot.CustomerData;

/// Reads a customer's touchpoints for their journey, across every identity (they all carry the customer's id).
internal sealed class JourneyStore(Database database, CustomerStore customers, CustomerVerifications verifications, CustomerProfiles profiles)
{
    /// The most touchpoints a journey reads: the latest ones.
    public const int MaxTouchpoints = 5000;

    public async Task<CustomerJourney> GetAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // The amount is read as text: a NUMERIC column hands back an integer or a real number row by row.
        var rows = await connection.QueryAsync<Row>(
            """
            SELECT occurred_at AS OccurredAt, conversation_id AS ConversationId, channel AS Channel, kind AS Kind, text AS Text,
                   reason AS Reason, agent_id AS AgentId, confidence AS Confidence, source AS Source, amount AS Amount,
                   currency AS Currency, attributes AS Attributes
            FROM (
                SELECT id, occurred_at, conversation_id, channel, kind, text, reason, agent_id, confidence, source,
                       CAST(amount AS TEXT) AS amount, currency, attributes
                FROM touchpoints WHERE customer_id = @customerId ORDER BY occurred_at DESC, id DESC LIMIT @max
            ) latest ORDER BY occurred_at, id
            """,
            new { customerId, max = MaxTouchpoints });
        var entries = JourneyBuilder.Build(rows.Select(r => r.ToTouchpoint()));
        return new CustomerJourney(customerId, await customers.IdentitiesAsync(customerId, cancellationToken), entries)
        {
            Verified = await verifications.FindAsync(customerId, cancellationToken),
            Profile = await profiles.FindAsync(customerId, cancellationToken),
        };
    }

    // Properties, not a positional record: SQLite names no type for a NULL, and Dapper then finds no constructor.
    private sealed class Row
    {
        public string OccurredAt { get; init; } = string.Empty;
        public string ConversationId { get; init; } = string.Empty;
        public string Channel { get; init; } = string.Empty;
        public string Kind { get; init; } = string.Empty;
        public string? Text { get; init; }
        public string? Reason { get; init; }
        public string? AgentId { get; init; }
        public double? Confidence { get; init; }
        public string? Source { get; init; }
        public string? Amount { get; init; }
        public string? Currency { get; init; }
        public string? Attributes { get; init; }

        public JourneyTouchpoint ToTouchpoint() => new(
            DateTimeOffset.Parse(OccurredAt, CultureInfo.InvariantCulture), ConversationId, Channel, Kind, Text, Reason, AgentId,
            Confidence, Source, Amount is null ? null : decimal.Parse(Amount, NumberStyles.Float, CultureInfo.InvariantCulture), Currency, Attributes);
    }
}
