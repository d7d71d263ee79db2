using SupportBot.BotFramework.Schema;
using SupportBot.Touchpoints;

namespace SupportBot.Conversations;

/// What an earlier run of a turn did before its instance died, read from the touchpoint log, so that the turn run
/// again neither logs the customer's message twice nor answers it twice. Only runs after the first look.
internal sealed class EarlierRun(TouchpointStore touchpoints)
{
    private static readonly HashSet<string> Replies = [TouchpointKind.BotAnswer, TouchpointKind.Escalation, TouchpointKind.SmallTalk];

    public static readonly TurnProgress None = new(false, false);

    public async Task<TurnProgress> FindAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (turn.Attempt <= 1 || activity.Id is null || activity.Conversation?.Id is not { } conversationId)
        {
            return None;
        }
        var log = await touchpoints.GetConversationAsync(conversationId, cancellationToken);
        if (activity.Type == ActivityTypes.ConversationUpdate)
        {
            var welcomed = log.Any(t => t.Kind == TouchpointKind.Welcome);
            return new TurnProgress(welcomed, welcomed);
        }
        var asked = log.ToList().FindLastIndex(t => t.Kind == TouchpointKind.CustomerMessage && t.ActivityId == activity.Id);
        if (asked < 0)
        {
            return None;
        }
        var answered = log.Skip(asked + 1).TakeWhile(t => t.Kind != TouchpointKind.CustomerMessage).Any(t => Replies.Contains(t.Kind));
        return new TurnProgress(true, answered);
    }
}

/// Logged: the customer's message (or the welcome) is in the log; Answered: so is the reply.
internal sealed record TurnProgress(bool Logged, bool Answered);
