using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;

namespace SupportBot.Conversations;

/// A message edited, deleted or undeleted, the bot uninstalled or removed (MessageLifecycle).
internal sealed class MessageChangeHandler(MessageLifecycle lifecycle) : IActivityHandler
{
    public IReadOnlyList<string> Types { get; } =
        [ActivityTypes.MessageUpdate, ActivityTypes.MessageDelete, ActivityTypes.InstallationUpdate, ActivityTypes.ConversationUpdate];

    public bool Matches(Activity activity) => MessageLifecycle.Handles(TeamsEvents.Classify(activity));

    public async Task<AnswerResult?> HandleAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        await lifecycle.HandleAsync(turn.Activity, TeamsEvents.Classify(turn.Activity), cancellationToken);
        return null;
    }
}
