using SupportBot.Answering;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Conversations;

/// A thumbs up or down on one of the bot's replies (FeedbackRecorder).
internal sealed class ReactionHandler(FeedbackRecorder feedback) : IActivityHandler
{
    public IReadOnlyList<string> Types { get; } = [ActivityTypes.MessageReaction];

    public bool Matches(Activity activity) => true;

    public async Task<AnswerResult?> HandleAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        await feedback.RecordReactionsAsync(turn.Activity, cancellationToken);
        return null;
    }
}
