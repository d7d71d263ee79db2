using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Handoff;

namespace SupportBot.Conversations;

/// A customer's answer to the survey sent when a handoff was resolved.
internal sealed class SurveyAnswerHandler(CustomerHandoff handoffs) : IActivityHandler
{
    public IReadOnlyList<string> Types { get; } = [ActivityTypes.Message];

    public bool Matches(Activity activity) => SurveyCard.Read(activity) is not null;

    public async Task<AnswerResult?> HandleAsync(InboundTurn turn, CancellationToken cancellationToken)
    {
        var survey = SurveyCard.Read(turn.Activity)!.Value;
        await handoffs.RecordSurveyAsync(turn.Activity, turn.Sender, survey.HandoffId, survey.Rating, survey.Comment, cancellationToken);
        return null;
    }
}
