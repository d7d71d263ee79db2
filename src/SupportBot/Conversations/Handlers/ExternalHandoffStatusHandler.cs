using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Handoff;

namespace SupportBot.Conversations;

/// The external contact-centre's handoff.status event.
internal sealed class ExternalHandoffStatusHandler(CustomerHandoff handoffs) : IActivityHandler
{
    public IReadOnlyList<string> Types { get; } = [ActivityTypes.Event];

    public bool Matches(Activity activity) => ExternalHandoff.ReadStatus(activity) is not null;

    public async Task<AnswerResult?> HandleAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        var status = ExternalHandoff.ReadStatus(turn.Activity)!.Value;
        await handoffs.HandleExternalStatusAsync(turn.Activity, turn.Sender, status.State, status.Message, cancellationToken);
        return null;
    }
}
