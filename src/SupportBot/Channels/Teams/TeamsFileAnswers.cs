using Polly.CircuitBreaker;
using Polly.Timeout;
using SupportBot.BotFramework.Connector;
using SupportBot.BotFramework.Schema;
using SupportBot.Channels.BotFramework;

namespace SupportBot.Channels.Teams;

/// How a file offer ends, wherever it ends (the invoke, the background upload): the offer closed and its bytes
/// dropped, the agents' consoles told, and the consent card the customer answered replaced with what became of the
/// file (Teams' updateActivity on the card's activity id, the invoke's replyToId), so the card's buttons are gone.
internal sealed partial class TeamsFileAnswers(
    TeamsFileOffers offers, ConnectorClient connector, IEnumerable<ITeamsFileOfferListener> listeners, ILogger<TeamsFileAnswers> logger)
{
    // The card's update is a courtesy: it waits no longer than this, and the result message carries the news anyway.
    private static readonly TimeSpan CardUpdateTimeout = TimeSpan.FromSeconds(5);

    /// Closes the offer in this state and tells the listeners; false (and nothing told) when it had ended already.
    public async Task<bool> EndAsync(TeamsFileOffer offer, string state, CancellationToken cancellationToken)
    {
        if (!await offers.EndAsync(offer.Id, state, cancellationToken))
        {
            return false;
        }
        LogAnswered(logger, offer.Id, offer.ConversationId, state);
        foreach (var listener in listeners)
        {
            listener.Answered(offer, state);
        }
        return true;
    }

    /// Replaces the consent card with a line saying what became of the file. A failure is logged, not thrown.
    public async Task UpdateCardAsync(TeamsFileOffer offer, string? cardActivityId, string text, CancellationToken cancellationToken)
    {
        if (cardActivityId is not { Length: > 0 } || offer.Reference.ServiceUrl is not { Length: > 0 } serviceUrl)
        {
            LogCardNotUpdated(logger, offer.Id, "the card's activity id is not known");
            return;
        }
        var update = Message(offer.Reference) with { Id = cardActivityId, Text = text, TextFormat = TextFormats.Plain };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CardUpdateTimeout);
            await connector.UpdateActivityAsync(serviceUrl, offer.ConversationId, cardActivityId, update, timeout.Token);
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogCardNotUpdated(logger, offer.Id, ex.Message);
        }
    }

    // Addressed as the bot's own replies are.
    public static Activity Message(ConversationReference reference) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = reference.ChannelId,
        ServiceUrl = reference.ServiceUrl,
        Conversation = reference.Conversation,
        From = reference.Bot,
        Recipient = reference.User,
        Locale = reference.Locale,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "File offer {OfferId} in conversation {ConversationId}: {State}")]
    private static partial void LogAnswered(ILogger logger, string offerId, string conversationId, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Did not update the consent card of file offer {OfferId}: {Reason}")]
    private static partial void LogCardNotUpdated(ILogger logger, string offerId, string reason);
}
