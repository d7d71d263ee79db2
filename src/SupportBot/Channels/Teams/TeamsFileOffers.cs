using System.Text.Json;
using Dapper;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Storage;

namespace SupportBot.Channels.Teams;

/// One file offered to a Teams customer, and where the offer stands.
internal sealed record TeamsFileOffer(
    string Id, string ConversationId, ConversationReference Reference, string Name, string ContentType, long Size, string State,
    DateTimeOffset OfferedAt, DateTimeOffset ExpiresAt, DateTimeOffset? AnsweredAt);

/// An accepted offer being uploaded: its bytes, where they go, the consent card to update, and which attempt this is.
internal sealed record TeamsFileUpload(TeamsFileOffer Offer, byte[] Content, FileUploadInfo Upload, string? CardActivityId, int Attempt);

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

    /// Remembers the consent card's activity id (from the channel's answer to the send), to update the card later.
    public async Task SetCardActivityAsync(string id, string activityId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE teams_file_offers SET card_activity_id = @activityId WHERE id = @id AND card_activity_id IS NULL", new { id, activityId });
    }

    /// Moves an offer still open to uploading, with what the accept said, due now; false when another answer got
    /// there first (Teams retrying the invoke on another instance queues nothing twice).
    public async Task<bool> AcceptAsync(string id, FileUploadInfo upload, string? cardActivityId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            """
            UPDATE teams_file_offers SET state = @uploading, upload_info = @info, card_activity_id = COALESCE(@cardActivityId, card_activity_id),
                attempts = 0, next_attempt_at = @now, lease_until = NULL
            WHERE id = @id AND state = @offered
            """,
            new
            {
                id,
                info = JsonSerializer.Serialize(upload),
                cardActivityId,
                now = time.GetUtcNow().ToString("O"),
                uploading = TeamsFileOfferStates.Uploading,
                offered = TeamsFileOfferStates.Offered,
            }) == 1;
    }

    /// The accepted offers whose upload is due and not leased by an instance uploading it now.
    public async Task<IReadOnlyList<string>> DueUploadsAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(
            """
            SELECT id FROM teams_file_offers
            WHERE state = @uploading AND upload_info IS NOT NULL AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
            ORDER BY next_attempt_at LIMIT @max
            """,
            new { uploading = TeamsFileOfferStates.Uploading, now = time.GetUtcNow().ToString("O"), max })];
    }

    /// Takes a due upload for this instance until the lease ends (counting the attempt), with its bytes; null when
    /// another instance has it or it is no longer due.
    public async Task<TeamsFileUpload?> LeaseAsync(string id, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var leased = await connection.ExecuteAsync(
            """
            UPDATE teams_file_offers SET lease_until = @until, attempts = attempts + 1
            WHERE id = @id AND state = @uploading AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
            """,
            new { id, until = (now + lease).ToString("O"), now = now.ToString("O"), uploading = TeamsFileOfferStates.Uploading });
        if (leased != 1 || await FindAsync(id, cancellationToken) is not { } offer)
        {
            return null;
        }
        var row = await connection.QuerySingleAsync<(byte[] Content, string Info, string? Card, long Attempts)>(
            "SELECT content, upload_info, card_activity_id, attempts FROM teams_file_offers WHERE id = @id", new { id });
        return new TeamsFileUpload(offer, row.Content, JsonSerializer.Deserialize<FileUploadInfo>(row.Info)!, row.Card, (int)row.Attempts);
    }

    /// Puts a failed upload back, due again at the given time.
    public async Task RetryLaterAsync(string id, DateTimeOffset at, string error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE teams_file_offers SET next_attempt_at = @at, lease_until = NULL, last_error = @error WHERE id = @id AND state = @uploading",
            new { id, at = at.ToString("O"), error, uploading = TeamsFileOfferStates.Uploading });
    }

    /// The consent card's activity id, when known.
    public async Task<string?> CardActivityAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>("SELECT card_activity_id FROM teams_file_offers WHERE id = @id", new { id });
    }

    /// Ends an offer (from offered, or from uploading) and drops its bytes; false when it had ended already.
    public async Task<bool> EndAsync(string id, string state, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            """
            UPDATE teams_file_offers SET state = @state, content = NULL, lease_until = NULL, answered_at = @at
            WHERE id = @id AND state IN (@offered, @uploading)
            """,
            new { id, state, at = time.GetUtcNow().ToString("O"), offered = TeamsFileOfferStates.Offered, uploading = TeamsFileOfferStates.Uploading }) == 1;
    }

    private sealed record Row(
        string Id, string ConversationId, string Reference, string Name, string ContentType, long Size, string State, string OfferedAt, string ExpiresAt, string? AnsweredAt);
}
