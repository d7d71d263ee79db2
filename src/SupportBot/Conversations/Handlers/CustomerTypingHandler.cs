using SupportBot.Agents;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Handoff;

namespace SupportBot.Conversations;

/// The agent with the conversation sees that the customer is writing; outside a handoff the bot has no use for it.
internal sealed class CustomerTypingHandler(CustomerHandoff handoffs, HandoffNotifier notifier) : IActivityHandler
{
    public IReadOnlyList<string> Types { get; } = [ActivityTypes.Typing];

    public bool Matches(Activity activity) => true;

    public async Task<AnswerResult?> HandleAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (activity.Conversation?.Id is not null && await handoffs.FindOpenAsync(activity, cancellationToken) is { } handoff)
        {
            notifier.PushCustomerTyping(handoff.ConversationId);
        }
        return null;
    }
}
