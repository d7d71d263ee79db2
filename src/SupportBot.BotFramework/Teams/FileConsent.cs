using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.BotFramework.Schema;

namespace SupportBot.BotFramework.Teams;

/// Teams' way for a bot to send a file into a personal chat ("Send and receive files using bot"): a file consent card
/// asks the user, Teams answers with a fileConsent/invoke (accept, with an upload session in the user's OneDrive, or
/// decline), the bot PUTs the bytes there, then shows the file with a file info card.
public static class FileConsent
{
    public const string ConsentCardType = "application/vnd.microsoft.teams.card.file.consent";
    public const string InfoCardType = "application/vnd.microsoft.teams.card.file.info";
    public const string Accept = "accept";
    public const string Decline = "decline";

    /// The card asking to store the file; both contexts come back in the invoke, so they name the offer.
    public static Attachment ConsentCard(string name, string? description, long sizeInBytes, JsonObject context) => new()
    {
        ContentType = ConsentCardType,
        Name = name,
        Content = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["description"] = description,
            ["sizeInBytes"] = sizeInBytes,
            ["acceptContext"] = context.DeepClone(),
            ["declineContext"] = context.DeepClone(),
        }),
    };

    /// The card that shows an uploaded file, from what the accept invoke said about it.
    public static Attachment InfoCard(FileUploadInfo upload) => new()
    {
        ContentType = InfoCardType,
        ContentUrl = upload.ContentUrl,
        Name = upload.Name,
        Content = JsonSerializer.SerializeToElement(new JsonObject { ["uniqueId"] = upload.UniqueId, ["fileType"] = upload.FileType }),
    };

    /// The Content-Range of a whole file sent in one PUT to the upload session.
    public static string ContentRange(long sizeInBytes) => $"bytes 0-{sizeInBytes - 1}/{sizeInBytes}";
}

/// Where Teams lets the bot put an accepted file: uploadUrl takes the bytes; contentUrl, name, uniqueId and fileType
/// describe it afterwards.
public sealed record FileUploadInfo(string UploadUrl, string? ContentUrl, string? Name, string? UniqueId, string? FileType);

/// The user's answer to a file consent card (invoke fileConsent/invoke, value.type "fileUpload").
public sealed record FileConsentResponse(string Action, JsonElement Context, FileUploadInfo? Upload)
{
    /// Null when the invoke is not a well-formed answer: an action other than accept or decline, or an accept
    /// without an upload URL.
    public static FileConsentResponse? From(Activity invoke)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        if (invoke.Value is not { ValueKind: JsonValueKind.Object } value || String(value, "action") is not { } action
            || action is not (FileConsent.Accept or FileConsent.Decline))
        {
            return null;
        }
        var context = value.TryGetProperty("context", out var c) ? c.Clone() : default;
        if (action == FileConsent.Decline)
        {
            return new FileConsentResponse(action, context, null);
        }
        if (!value.TryGetProperty("uploadInfo", out var info) || info.ValueKind != JsonValueKind.Object || String(info, "uploadUrl") is not { Length: > 0 } uploadUrl)
        {
            return null;
        }
        return new FileConsentResponse(action, context, new FileUploadInfo(uploadUrl, String(info, "contentUrl"), String(info, "name"), String(info, "uniqueId"), String(info, "fileType")));
    }

    /// A string the bot put into the card's context.
    public string? ContextValue(string name) => Context.ValueKind == JsonValueKind.Object ? String(Context, name) : null;

    private static string? String(JsonElement element, string name)
        => element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
