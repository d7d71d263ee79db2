using SupportBot.Answering;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Conversations;

/// What the bot does with one kind of activity, registered the way teams.net registers its routes: the activity
/// types it is for and, where one type carries several kinds (a message may be a survey answer), whether this
/// activity is its kind. TurnHandler runs the first handler registered for the type that matches.
internal interface IActivityHandler
{
    IReadOnlyList<string> Types { get; }

    bool Matches(Activity activity);

    /// Returns the answer when the turn was a customer message the bot answered.
    Task<AnswerResult?> HandleAsync(InboundTurn turn, CancellationToken cancellationToken);
}
