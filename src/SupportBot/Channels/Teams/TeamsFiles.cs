using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Connector;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Channels.DirectLine;
using SupportBot.Conversations;
using SupportBot.Web;

namespace SupportBot.Channels.Teams;

/// Keeps the files a customer sends in Teams where agents can open them: downloaded once, as the message arrives,
/// and stored as Direct Line uploads are (served from this host by an unguessable URL, images inline and everything
/// else as a download). Only from trusted hosts (TeamsFilesOptions), over https, without following redirects, within
/// the size limit; the bot's token goes only to the channel's own host. A file that cannot be kept keeps the link
/// Teams sent, and the turn goes on. Files shared in channels and group chats are only linked (TeamsSharedFiles).
internal sealed partial class TeamsFiles(
    IHttpClientFactory http,
    DirectLineAttachments attachments,
    OutboundTokens tokens,
    IOptions<TeamsFilesOptions> options,
    IOptions<BotFrameworkOptions> bot,
    IOptions<WebOptions> web,
    ILogger<TeamsFiles> logger) : IInboundFiles
{
    public const string HttpClientName = "TeamsFiles";
    public const string DownloadInfo = "application/vnd.microsoft.teams.file.download.info";

    // Stored as sent only when inert (DirectLineAttachments shows these inline); anything else is a download.
    private static readonly Dictionary<string, string> Images = new(StringComparer.OrdinalIgnoreCase)
    {
        ["png"] = "image/png",
        ["jpg"] = "image/jpeg",
        ["jpeg"] = "image/jpeg",
        ["gif"] = "image/gif",
        ["webp"] = "image/webp",
    };

    private TeamsFilesOptions Settings => options.Value;

    /// The message's attachments, with each Teams file or inline image it could keep pointing at the stored copy.
    public async Task<IReadOnlyList<Attachment>> KeepAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Attachments is not { Count: > 0 } sent || !activity.IsTeams())
        {
            return activity.Attachments ?? [];
        }
        // Files shared in channels and group chats arrive as links: kept as links, whether or not downloads are on.
        var shared = TeamsSharedFiles.Links(sent, Settings.IsTrustedFileHost);
        if (!Settings.Enabled)
        {
            return [.. sent, .. shared];
        }
        var kept = new List<Attachment>(sent.Count + shared.Count);
        var downloads = 0;
        foreach (var attachment in sent)
        {
            var source = Source(activity, attachment);
            if (source is null || downloads >= Settings.MaxFilesPerMessage)
            {
                kept.Add(attachment);
                continue;
            }
            downloads++;
            kept.Add(await TryKeepAsync(activity, attachment, source.Value, cancellationToken) ?? attachment);
        }
        kept.AddRange(shared.Where(link => !kept.Any(k => k.ContentUrl == link.ContentUrl)));
        return kept;
    }

    private readonly record struct FileSource(Uri Url, bool WithToken, string Name, string? FileType);

    // Where a file's bytes are, and whether the request needs the bot's token. Null for what is not a file, and for
    // a URL on a host the bot does not trust with it.
    private FileSource? Source(Activity activity, Attachment attachment)
    {
        if (attachment.ContentType == DownloadInfo)
        {
            var content = attachment.Content is { ValueKind: JsonValueKind.Object } c ? c : default;
            var download = content.ValueKind == JsonValueKind.Object && content.TryGetProperty("downloadUrl", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var fileType = content.ValueKind == JsonValueKind.Object && content.TryGetProperty("fileType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return Uri.TryCreate(download, UriKind.Absolute, out var url) && Settings.IsTrustedFileHost(url)
                ? new FileSource(url, false, attachment.Name ?? "file", fileType)
                : Refused(activity, download);
        }
        if (attachment.ContentType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true && attachment.ContentUrl is { } image)
        {
            return Uri.TryCreate(image, UriKind.Absolute, out var url) && IsChannelHost(activity, url)
                ? new FileSource(url, true, attachment.Name ?? "image", null)
                : Refused(activity, image);
        }
        return null;
    }

    private FileSource? Refused(Activity activity, string? url)
    {
        LogUntrustedHost(logger, Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.IdnHost : "(no URL)", activity.Conversation?.Id);
        return null;
    }

    // The bot's token goes where the connector sends it already, and for an image only to the host of the channel
    // that sent the message: a URL naming another trusted host is not the channel's file.
    // A skill caller's endpoint passes ServiceUrlTrust too, but the token fetched here is the channel's: never sent there.
    private bool IsChannelHost(Activity activity, Uri url)
        => ServiceUrlTrust.Refusal(url, bot.Value) is null
           && SkillCallers.CallerAt(url, bot.Value) is null
           && Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl)
           && string.Equals(serviceUrl.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase) && serviceUrl.Port == url.Port;

    private async Task<Attachment?> TryKeepAsync(Activity activity, Attachment attachment, FileSource source, CancellationToken cancellationToken)
    {
        var conversationId = activity.Conversation?.Id ?? string.Empty;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Settings.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, source.Url);
            if (source.WithToken && await tokens.GetTokenAsync(null, timeout.Token) is { } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogNotKept(logger, $"{(int)response.StatusCode} from {source.Url.IdnHost}", conversationId);
                return null;
            }
            if (response.Content.Headers.ContentLength > Settings.MaxFileBytes || await ReadAtMostAsync(response, timeout.Token) is not { } bytes)
            {
                LogNotKept(logger, $"larger than TeamsFiles:MaxFileBytes ({Settings.MaxFileBytes} bytes)", conversationId);
                return null;
            }
            var name = Path.GetFileName(source.Name) is { Length: > 0 } n ? n : "file";
            var contentType = ContentType(source, response, name);
            var id = await attachments.SaveAsync(activity.ChannelId ?? ChannelIds.Msteams, conversationId, activity.Id, name, contentType, bytes, cancellationToken);
            return new Attachment { ContentType = contentType, Name = name, ContentUrl = DirectLineAttachments.Url(web.Value.PublicBaseUrl, id, name) };
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogNotKept(logger, ex.GetType().Name, conversationId);
            return null;
        }
    }

    // Read up to the limit and no further: a server may leave out Content-Length, or state less than it sends.
    private async Task<byte[]?> ReadAtMostAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > Settings.MaxFileBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    // The type is decided here, never taken on trust: an image type only for an image the name (or the channel)
    // says it is, and SharePoint serves most files as application/octet-stream anyway.
    private static string ContentType(FileSource source, HttpResponseMessage response, string name)
    {
        var extension = source.FileType ?? Path.GetExtension(name).TrimStart('.');
        if (Images.TryGetValue(extension, out var image))
        {
            return image;
        }
        var served = response.Content.Headers.ContentType?.MediaType;
        return source.WithToken && served is not null && Images.ContainsValue(served) ? served : "application/octet-stream";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Did not download a Teams file from host {Host} in conversation {ConversationId}: not a trusted host (TeamsFiles:DownloadHosts, Bot:TrustedServiceUrlHosts)")]
    private static partial void LogUntrustedHost(ILogger logger, string host, string? conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kept a Teams file as its link in conversation {ConversationId}: {Reason}")]
    private static partial void LogNotKept(ILogger logger, string reason, string conversationId);
}
