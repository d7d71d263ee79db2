using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.BotFramework.Schema;
using SupportBot.Storage;

namespace SupportBot.Channels.DirectLine;

/// Files uploaded into conversations. Each is served at a URL with a random 128-bit id, which is what lets Web
/// Chat show an image without sending its token (as the service's own attachment URLs do). Only inert image
/// types are shown inline; anything else is served as a download, so an uploaded HTML or SVG file can never run
/// script on the host's origin.
internal sealed class DirectLineAttachments(Database database, TimeProvider time)
{
    public const string Route = "/v3/directline/attachments";

    private static readonly HashSet<string> InlineTypes = new(StringComparer.OrdinalIgnoreCase) { "image/png", "image/jpeg", "image/gif", "image/webp" };

    public Task<string> SaveAsync(string conversationId, string name, string contentType, byte[] content, CancellationToken cancellationToken)
        => SaveAsync(ChannelIds.Directline, conversationId, null, name, contentType, content, cancellationToken);

    /// A file another channel's customer sent (Teams), stored with the message that carried it: deleting the message
    /// deletes the file.
    public async Task<string> SaveAsync(
        string channel, string conversationId, string? activityId, string name, string contentType, byte[] content, CancellationToken cancellationToken)
    {
        var id = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO directline_attachments (id, conversation_id, name, content_type, content, created_at, channel, activity_id)
            VALUES (@id, @conversationId, @name, @contentType, @content, @at, @channel, @activityId)
            """,
            new { id, conversationId, name, contentType, content, at = time.GetUtcNow().ToString("O"), channel, activityId });
        return id;
    }

    /// What a conversation keeps: how many files, and their bytes together (UploadQuotas).
    public async Task<(long Files, long Bytes)> UsageAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<(long Files, long Bytes)>(
            "SELECT COUNT(*), COALESCE(SUM(LENGTH(content)), 0) FROM directline_attachments WHERE conversation_id = @conversationId", new { conversationId });
    }

    public async Task<Results<FileContentHttpResult, JsonHttpResult<ErrorResponse>>> ServeAsync(string id, HttpContext context)
    {
        await using var connection = await database.OpenAsync(context.RequestAborted);
        var file = await connection.QuerySingleOrDefaultAsync<StoredFile>(
            "SELECT name AS Name, content_type AS ContentType, content AS Content FROM directline_attachments WHERE id = @id", new { id });
        if (file is null)
        {
            return DirectLineErrors.NotFound("No such attachment.");
        }
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        var inline = InlineTypes.Contains(file.ContentType);
        return TypedResults.File(file.Content, inline ? file.ContentType : "application/octet-stream", inline ? null : file.Name);
    }

    public static string Url(string serviceUrl, string id, string name)
        => $"{serviceUrl.TrimEnd('/')}{Route}/{id}/{Uri.EscapeDataString(name)}";

    private sealed record StoredFile(string Name, string ContentType, byte[] Content);
}
