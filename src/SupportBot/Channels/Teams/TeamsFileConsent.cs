using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Channels.BotFramework;
using SupportBot.Conversations;

namespace SupportBot.Channels.Teams;

/// A file for a Teams customer: its name, type and bytes, and an optional line the consent card shows.
internal sealed record TeamsOutgoingFile(string Name, string ContentType, byte[] Content, string? Description = null);

/// Why a file cannot be offered in a conversation (not a Teams personal chat, empty, too large, the bot removed).
internal sealed class TeamsFileOfferException(string message) : Exception(message);

/// Told when a customer answers an offer (or it fails or has expired), so agents learn of it.
internal interface ITeamsFileOfferListener
{
    void Answered(TeamsFileOffer offer, string state);
}

/// How an agent's file reaches a Teams customer. Teams takes files from a bot only in a personal chat, and only
/// with the customer's consent: OfferAsync stores the file and sends a file consent card; the customer's answer
/// arrives as a fileConsent/invoke (AnswerAsync). On accept the bytes are PUT, whole, to the upload session Teams
/// opened in the customer's OneDrive (a pre-authenticated URL on a TeamsFiles:DownloadHosts host, no bot token), and
/// a file info card shows the file in the chat; on decline nothing is sent. Either way the bytes are dropped and
/// the listeners (the agents' consoles) are told.
internal sealed partial class TeamsFileConsent(
    TeamsFileOffers offers,
    BotFrameworkSender sender,
    ConversationDepartures departures,
    IHttpClientFactory http,
    IOptions<TeamsFilesOptions> options,
    TimeProvider time,
    IEnumerable<ITeamsFileOfferListener> listeners,
    ILogger<TeamsFileConsent> logger)
{
    public const string OfferIdKey = "offerId";

    private TeamsFilesOptions Settings => options.Value;

    /// Offers the file in the conversation (the reference a Teams turn gave); throws TeamsFileOfferException when
    /// it cannot be offered there.
    public async Task<TeamsFileOffer> OfferAsync(ConversationReference conversation, TeamsOutgoingFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(file);
        if (conversation.ChannelId != ChannelIds.Msteams || conversation.Conversation?.Id is not { Length: > 0 } conversationId)
        {
            throw new TeamsFileOfferException("Only a Teams conversation takes a file through a consent card.");
        }
        if (conversation.Conversation.ConversationType is not (null or TeamsActivity.Personal) || conversation.Conversation.IsGroup == true)
        {
            throw new TeamsFileOfferException("Teams accepts files from a bot only in a personal chat; share a link in a channel or group chat.");
        }
        if (file.Content.Length == 0 || file.Content.Length > Settings.MaxOfferBytes)
        {
            throw new TeamsFileOfferException($"A file offered in Teams must hold 1 to {Settings.MaxOfferBytes} bytes (TeamsFiles:MaxOfferBytes).");
        }
        if (await departures.HasLeftAsync(conversationId, cancellationToken))
        {
            throw new TeamsFileOfferException("The bot has been removed from this conversation.");
        }
        var name = Path.GetFileName(file.Name) is { Length: > 0 } n ? n : "file";
        var now = time.GetUtcNow();
        var offer = new TeamsFileOffer(
            Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)), conversationId, conversation, name, file.ContentType, file.Content.Length,
            TeamsFileOfferStates.Offered, now, now + Settings.OfferLifetime, null);
        await offers.AddAsync(offer, file.Content, cancellationToken);
        var context = new JsonObject { [OfferIdKey] = offer.Id, ["filename"] = name };
        await sender.SendAsync(Message(conversation, FileConsent.ConsentCard(name, file.Description, file.Content.Length, context)), cancellationToken);
        LogOffered(logger, offer.Id, conversationId, file.Content.Length);
        return offer;
    }

    public Task<TeamsFileOffer?> FindAsync(string offerId, CancellationToken cancellationToken) => offers.FindAsync(offerId, cancellationToken);

    /// Answers a fileConsent/invoke: 200 once the file is uploaded and shown, or the decline noted; 400 for a
    /// malformed answer, 404 for an offer this conversation never had, 409 for one answered already, 410 for one
    /// past its time, 502 when the upload failed.
    public async Task<InvokeResponse> AnswerAsync(Activity invoke, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        if (FileConsentResponse.From(invoke) is not { } answer)
        {
            return Error(400, "BadRequest", "The invoke is not an answer to a file consent card.");
        }
        var offer = answer.ContextValue(OfferIdKey) is { } id ? await offers.FindAsync(id, cancellationToken) : null;
        if (offer is null || offer.ConversationId != invoke.Conversation?.Id)
        {
            LogUnknownOffer(logger, answer.ContextValue(OfferIdKey), invoke.Conversation?.Id);
            return Error(404, "NotFound", "This file offer is not known here; ask the agent to send the file again.");
        }
        if (offer.State != TeamsFileOfferStates.Offered)
        {
            // Teams retries an invoke it got no answer to: the same accept again finds the file delivered.
            return offer.State == TeamsFileOfferStates.Delivered && answer.Action == FileConsent.Accept
                ? InvokeResponse.Ok()
                : Error(409, "Conflict", $"This file offer was answered already ({offer.State}).");
        }
        if (time.GetUtcNow() > offer.ExpiresAt)
        {
            await EndAsync(offer, TeamsFileOfferStates.Expired, cancellationToken);
            return Error(410, "Expired", "This file offer has expired; ask the agent to send the file again.");
        }
        if (answer.Action == FileConsent.Decline)
        {
            await EndAsync(offer, TeamsFileOfferStates.Declined, cancellationToken);
            return InvokeResponse.Ok();
        }
        return await UploadAsync(offer, answer.Upload!, cancellationToken);
    }

    private async Task<InvokeResponse> UploadAsync(TeamsFileOffer offer, FileUploadInfo upload, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(upload.UploadUrl, UriKind.Absolute, out var url) || !Settings.IsTrustedFileHost(url))
        {
            LogUntrustedUpload(logger, url?.IdnHost ?? "(no URL)", offer.Id);
            await EndAsync(offer, TeamsFileOfferStates.Failed, cancellationToken);
            return Error(400, "UntrustedHost", "The upload URL is not on a trusted file host (TeamsFiles:DownloadHosts).");
        }
        if (await offers.TakeForUploadAsync(offer.Id, cancellationToken) is not { } content)
        {
            return Error(409, "Conflict", "This file offer was answered already.");
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Settings.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(content) };
            request.Content.Headers.ContentLength = content.Length;
            request.Content.Headers.ContentRange = new ContentRangeHeaderValue(0, content.Length - 1, content.Length);
            using var response = await http.CreateClient(TeamsFiles.HttpClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogUploadFailed(logger, offer.Id, $"{(int)response.StatusCode} from {url.IdnHost}");
                await EndAsync(offer, TeamsFileOfferStates.Failed, cancellationToken);
                return Error(502, "UploadFailed", "The file could not be stored in your OneDrive.");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogUploadFailed(logger, offer.Id, ex.GetType().Name);
            await EndAsync(offer, TeamsFileOfferStates.Failed, cancellationToken);
            return Error(502, "UploadFailed", "The file could not be stored in your OneDrive.");
        }
        await sender.SendAsync(Message(offer.Reference, FileConsent.InfoCard(upload)), cancellationToken);
        await EndAsync(offer, TeamsFileOfferStates.Delivered, cancellationToken);
        return InvokeResponse.Ok();
    }

    private async Task EndAsync(TeamsFileOffer offer, string state, CancellationToken cancellationToken)
    {
        if (!await offers.EndAsync(offer.Id, state, cancellationToken))
        {
            return;
        }
        LogAnswered(logger, offer.Id, offer.ConversationId, state);
        foreach (var listener in listeners)
        {
            listener.Answered(offer, state);
        }
    }

    // Addressed as the bot's own replies are.
    private static Activity Message(ConversationReference reference, Attachment attachment) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = reference.ChannelId,
        ServiceUrl = reference.ServiceUrl,
        Conversation = reference.Conversation,
        From = reference.Bot,
        Recipient = reference.User,
        Locale = reference.Locale,
        Attachments = [attachment],
    };

    private static InvokeResponse Error(int status, string code, string message)
        => new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    [LoggerMessage(Level = LogLevel.Information, Message = "Offered file {OfferId} ({Bytes} bytes) in Teams conversation {ConversationId}")]
    private static partial void LogOffered(ILogger logger, string offerId, string conversationId, int bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "File offer {OfferId} in conversation {ConversationId}: {State}")]
    private static partial void LogAnswered(ILogger logger, string offerId, string conversationId, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A file consent answer named offer {OfferId}, which conversation {ConversationId} does not have")]
    private static partial void LogUnknownOffer(ILogger logger, string? offerId, string? conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Did not upload file offer {OfferId} to host {Host}: not a trusted file host (TeamsFiles:DownloadHosts)")]
    private static partial void LogUntrustedUpload(ILogger logger, string host, string offerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Uploading file offer {OfferId} failed: {Reason}")]
    private static partial void LogUploadFailed(ILogger logger, string offerId, string reason);
}
