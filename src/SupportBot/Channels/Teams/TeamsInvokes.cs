using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.BotFramework.UserTokens;
using SupportBot.Conversations;
using SupportBot.Localization;
using SupportBot.Replies;

namespace SupportBot.Channels.Teams;

/// Answers invoke activities in the HTTP response, as Teams requires (within its 15-second budget, so nothing
/// slow runs here): the answer card's "Talk to a person" button, the feedback loop's thumbs up/down, sign-in
/// (TeamsSignInInvokes) and the answer to a file consent card (TeamsFileConsent).
internal sealed partial class TeamsInvokes(
    FeedbackRecorder feedback, TurnDispatcher dispatcher, TeamsSignInInvokes signIn, TeamsFileConsent fileConsent, ILogger<TeamsInvokes> logger)
{
    public async Task<InvokeResponse> HandleAsync(Activity invoke, IActivitySender sender, CancellationToken cancellationToken)
    {
        switch (invoke.Name)
        {
            case InvokeNames.AdaptiveCardAction:
                return await CardActionAsync(invoke, sender, cancellationToken);
            case InvokeNames.MessageSubmitAction:
                return await FeedbackAsync(invoke, cancellationToken);
            case SignInInvokeNames.TokenExchange:
                return await signIn.TokenExchangeAsync(invoke, sender, cancellationToken);
            case SignInInvokeNames.VerifyState:
                return await signIn.VerifyStateAsync(invoke, sender, cancellationToken);
            case InvokeNames.FileConsent:
                return await fileConsent.AnswerAsync(invoke, cancellationToken);
            default:
                LogUnhandled(logger, invoke.Name, invoke.Conversation?.Id);
                return InvokeResponse.NotImplemented;
        }
    }

    private async Task<InvokeResponse> CardActionAsync(Activity invoke, IActivitySender sender, CancellationToken cancellationToken)
    {
        if (AdaptiveCardAction.From(invoke) is not { } action)
        {
            LogRejected(logger, invoke.Name, invoke.Conversation?.Id, "no action in the value");
            return InvokeResponse.AdaptiveCardError(StatusCodes.Status400BadRequest, "BadRequest", "The invoke carries no card action.");
        }
        if (action.Type != AdaptiveCardAction.ExecuteType)
        {
            return InvokeResponse.AdaptiveCardError(StatusCodes.Status400BadRequest, "NotSupported", $"The action type '{action.Type}' is not supported.");
        }
        if (action.Verb != TeamsAnswerCard.HandoffVerb)
        {
            LogRejected(logger, invoke.Name, invoke.Conversation?.Id, $"unknown verb '{action.Verb}'");
            return InvokeResponse.AdaptiveCardError(StatusCodes.Status400BadRequest, "NotSupported", $"The verb '{action.Verb}' is not supported.");
        }
        // The request for a person becomes a customer message in the conversation's own lane, so it is logged,
        // escalated and answered in order with everything else the customer said.
        var messages = BotMessages.For(invoke.Locale);
        var request = invoke with { Type = ActivityTypes.Message, Name = null, Value = null, Text = messages.TalkToPerson };
        await dispatcher.DispatchAsync(request, sender, cancellationToken);
        return InvokeResponse.AdaptiveCard(TeamsAnswerCard.HandoffRequested(messages));
    }

    private async Task<InvokeResponse> FeedbackAsync(Activity invoke, CancellationToken cancellationToken)
    {
        if (FeedbackSubmission.From(invoke) is not { } submission)
        {
            LogRejected(logger, invoke.Name, invoke.Conversation?.Id, "not a feedback submission");
            return new InvokeResponse(StatusCodes.Status400BadRequest, null);
        }
        await feedback.RecordAsync(invoke, submission, cancellationToken);
        return InvokeResponse.Ok();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No handler for invoke {Name} in conversation {ConversationId}; answered 501")]
    private static partial void LogUnhandled(ILogger logger, string? name, string? conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected invoke {Name} in conversation {ConversationId}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string? name, string? conversationId, string reason);
}
