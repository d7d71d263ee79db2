using System.Buffers.Text;
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
/// arrives as a fileConsent/invoke (AnswerAsync), answered at once: a decline ends the offer and updates the card; an
/// accept queues the upload (TeamsFileUploads), which runs in the background, durably, and posts the result.
internal sealed partial class TeamsFileConsent(
    TeamsFileOffers offers,
    TeamsFileAnswers answers,
    TeamsFileUploads uploads,
    BotFrameworkSender sender,
    ConversationDepartures departures,
    IOptions<TeamsFilesOptions> options,
    TimeProvider time,
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
        var card = TeamsFileAnswers.Message(conversation) with { Attachments = [FileConsent.ConsentCard(name, file.Description, file.Content.Length, context)] };
        // The card's id, for updating it once answered; a card that waits in the outbox has none yet, and the
        // answer's replyToId names it then.
        if (await sender.SendAsync(card, cancellationToken) is { Length: > 0 } cardId)
        {
            await offers.SetCardActivityAsync(offer.Id, cardId, cancellationToken);
        }
        LogOffered(logger, offer.Id, conversationId, file.Content.Length);
        return offer;
    }

    public Task<TeamsFileOffer?> FindAsync(string offerId, CancellationToken cancellationToken) => offers.FindAsync(offerId, cancellationToken);

    /// Answers a fileConsent/invoke at once: 200 for a decline noted or an accept queued for upload; 400 for a
    /// malformed answer or an upload URL off the trusted hosts, 404 for an offer this conversation never had, 409
    /// for one answered already, 410 for one past its time.
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
            // Teams retries an invoke it got no answer to: the same accept again finds the file on its way or delivered.
            return offer.State is TeamsFileOfferStates.Uploading or TeamsFileOfferStates.Delivered && answer.Action == FileConsent.Accept
                ? InvokeResponse.Ok()
                : Error(409, "Conflict", $"This file offer was answered already ({offer.State}).");
        }
        var cardId = invoke.ReplyToId is { Length: > 0 } replyTo ? replyTo : await offers.CardActivityAsync(offer.Id, cancellationToken);
        var messages = FileConsentMessages.For(invoke.Locale ?? offer.Reference.Locale);
        if (time.GetUtcNow() > offer.ExpiresAt)
        {
            await answers.EndAsync(offer, TeamsFileOfferStates.Expired, cancellationToken);
            return Error(410, "Expired", "This file offer has expired; ask the agent to send the file again.");
        }
        if (answer.Action == FileConsent.Decline)
        {
            if (await answers.EndAsync(offer, TeamsFileOfferStates.Declined, cancellationToken))
            {
                await answers.UpdateCardAsync(offer, cardId, messages.FileDeclined(offer.Name), cancellationToken);
            }
            return InvokeResponse.Ok();
        }
        var upload = answer.Upload!;
        if (!Uri.TryCreate(upload.UploadUrl, UriKind.Absolute, out var url) || !Settings.IsTrustedFileHost(url))
        {
            LogUntrustedUpload(logger, url?.IdnHost ?? "(no URL)", offer.Id);
            if (await answers.EndAsync(offer, TeamsFileOfferStates.Failed, cancellationToken))
            {
                await answers.UpdateCardAsync(offer, cardId, messages.FileFailed(offer.Name), cancellationToken);
            }
            return Error(400, "UntrustedHost", "The upload URL is not on a trusted file host (TeamsFiles:DownloadHosts).");
        }
        if (!await offers.AcceptAsync(offer.Id, upload, cardId, cancellationToken))
        {
            return InvokeResponse.Ok();
        }
        LogAccepted(logger, offer.Id, offer.ConversationId);
        uploads.Poke();
        return InvokeResponse.Ok();
    }

    private static InvokeResponse Error(int status, string code, string message)
        => new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    [LoggerMessage(Level = LogLevel.Information, Message = "Offered file {OfferId} ({Bytes} bytes) in Teams conversation {ConversationId}")]
    private static partial void LogOffered(ILogger logger, string offerId, string conversationId, int bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "File offer {OfferId} in conversation {ConversationId} accepted; uploading in the background")]
    private static partial void LogAccepted(ILogger logger, string offerId, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A file consent answer named offer {OfferId}, which conversation {ConversationId} does not have")]
    private static partial void LogUnknownOffer(ILogger logger, string? offerId, string? conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Did not upload file offer {OfferId} to host {Host}: not a trusted file host (TeamsFiles:DownloadHosts)")]
    private static partial void LogUntrustedUpload(ILogger logger, string host, string offerId);
}
