using SupportBot.Answering;
using SupportBot.Telemetry;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace SupportBot.Conversations;

/// What the bot does with one inbound activity: the handler registered for its type (ActivityHandlers) runs it, and
/// every turn is a span and counts in the metrics. An activity no handler takes is logged and left.
internal sealed partial class TurnHandler(ActivityHandlers handlers, TurnTelemetry telemetry, ILogger<TurnHandler> logger)
{
    /// Returns the answer when the turn was a customer message. Each turn is a span and counts in the metrics.
    public async Task<AnswerResult?> HandleAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        using var span = TurnTelemetry.StartTurn(activity.ChannelId, activity.Type, activity.Conversation?.Id);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var answer = await HandleTurnAsync(turn, cancellationToken);
            span?.SetTag("supportbot.decision", answer?.Decision.ToString().ToLowerInvariant());
            span?.SetTag("supportbot.escalation_reason", answer?.EscalationReason);
            outcome = "handled";
            return answer;
        }
        catch (Exception ex)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            telemetry.TurnHandled(activity.ChannelId, activity.Type, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<AnswerResult?> HandleTurnAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        if (handlers.Find(turn.Activity) is { } handler)
        {
            return await handler.HandleAsync(turn, cancellationToken);
        }
        LogIgnored(logger, turn.Activity.Type, turn.Activity.Conversation?.Id);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a {Type} activity in conversation {ConversationId}")]
    private static partial void LogIgnored(ILogger logger, string type, string? conversationId);
}
