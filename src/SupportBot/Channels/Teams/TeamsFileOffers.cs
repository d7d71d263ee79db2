using Dapper;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.Storage;

namespace SupportBot.Channels.Teams;

/// One file offered to a Teams customer, and where the offer stands.
internal sealed record TeamsFileOffer(
    string Id, string ConversationId, ConversationReference Reference, string Name, string ContentType, long Size, string State,
    DateTimeOffset OfferedAt, DateTimeOffset ExpiresAt, DateTimeOffset? AnsweredAt);

internal static class TeamsFileOfferStates
{
    public const string Offered = "offered";
    public const string Uploading = "uploading";
    public const string Delivered = "delivered";
    public const string Declined = "declined";
    public const string Failed = "failed";
    public const string Expired = "expired";
}

/// The offers waiting for a customer's answer (teams_file_offers). Every instance reads them: Teams may send the
/// answer to any. The bytes stay only until the offer is answered.
internal sealed class TeamsFileOffers(Database database, TimeProvider time)
{
    public async Task AddAsync(TeamsFileOffer offer, byte[] content, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO teams_file_offers (id, conversation_id, reference, name, content_type, size, content, state, offered_at, expires_at)
            VALUES (@Id, @ConversationId, @Reference, @Name, @ContentType, @Size, @content, @State, @OfferedAt, @ExpiresAt)
            """,
            new
            {
                offer.Id,
                offer.ConversationId,
                Reference = BotJson.Serialize(offer.Reference),
                offer.Name,
                offer.ContentType,
                offer.Size,
                content,
                offer.State,
                OfferedAt = offer.OfferedAt.ToString("O"),
                ExpiresAt = offer.ExpiresAt.ToString("O"),
            });
    }

    public async Task<TeamsFileOffer?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            """
            SELECT id AS Id, conversation_id AS ConversationId, reference AS Reference, name AS Name, content_type AS ContentType,
                   size AS Size, state AS State, offered_at AS OfferedAt, expires_at AS ExpiresAt, answered_at AS AnsweredAt
            FROM teams_file_offers WHERE id = @id
            """,
            new { id });
        return row is null
            ? null
            : new TeamsFileOffer(row.Id, row.ConversationId, BotJson.Deserialize<ConversationReference>(row.Reference), row.Name, row.ContentType, row.Size, row.State,
                DateTimeOffset.Parse(row.OfferedAt, System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(row.ExpiresAt, System.Globalization.CultureInfo.InvariantCulture),
                row.AnsweredAt is null ? null : DateTimeOffset.Parse(row.AnsweredAt, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// Moves an offer still open to uploading and hands back its bytes; null when another answer got there first
    /// (Teams retrying the invoke on another instance uploads nothing twice).
    public async Task<byte[]?> TakeForUploadAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<byte[]>(
            "UPDATE teams_file_offers SET state = @uploading WHERE id = @id AND state = @offered RETURNING content",
            new { id, uploading = TeamsFileOfferStates.Uploading, offered = TeamsFileOfferStates.Offered });
    }

    /// Ends an offer (from offered, or from uploading) and drops its bytes; false when it had ended already.
    public async Task<bool> EndAsync(string id, string state, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            """
            UPDATE teams_file_offers SET state = @state, content = NULL, answered_at = @at
            WHERE id = @id AND state IN (@offered, @uploading)
            """,
            new { id, state, at = time.GetUtcNow().ToString("O"), offered = TeamsFileOfferStates.Offered, uploading = TeamsFileOfferStates.Uploading }) == 1;
    }

    private sealed record Row(
        string Id, string ConversationId, string Reference, string Name, string ContentType, long Size, string State, string OfferedAt, string ExpiresAt, string? AnsweredAt);
}
