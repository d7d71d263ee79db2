using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Customers;
using SupportBot.Touchpoints;

namespace SupportBot.Conversations;

/// Logs customers' ratings of bot answers as feedback touchpoints: Teams' thumbs up/down feedback loop and
/// message reactions alike.
internal sealed class FeedbackRecorder(TouchpointStore touchpoints, CustomerStore customers, TimeProvider time)
{
    public async Task RecordAsync(Activity activity, FeedbackSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(submission);
        var customer = await customers.ResolveAsync(activity, cancellationToken: cancellationToken);
        await touchpoints.AppendAsync(New(activity, customer, submission.Reaction, submission.Text, submission.RatedActivityId), cancellationToken);
    }

    /// A reaction on a bot message counts as a rating when its meaning is clear: like and heart are
    /// positive, sad and angry negative; others (laugh, surprised) say nothing about the answer.
    public async Task RecordReactionsAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        foreach (var reaction in activity.ReactionsAdded ?? [])
        {
            var rating = reaction.Type switch
            {
                "like" or "heart" => FeedbackSubmission.Like,
                "sad" or "angry" => FeedbackSubmission.Dislike,
                _ => null,
            };
            if (rating is not null)
            {
                var customer = await customers.ResolveAsync(activity, cancellationToken: cancellationToken);
                await touchpoints.AppendAsync(New(activity, customer, rating, text: null, activity.ReplyToId), cancellationToken);
            }
        }
    }

    private Touchpoint New(Activity activity, string customer, string rating, string? text, string? ratedActivityId) => new()
    {
        OccurredAt = time.GetUtcNow(),
        ConversationId = activity.Conversation?.Id ?? string.Empty,
        Channel = activity.ChannelId ?? "unknown",
        CustomerId = customer,
        Kind = TouchpointKind.Feedback,
        Reason = rating,
        Text = text,
        ActivityId = ratedActivityId,
    };
}
