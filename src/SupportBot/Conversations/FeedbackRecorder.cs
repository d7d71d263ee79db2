using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Customers;
using SupportBot.Touchpoints;

namespace SupportBot.Conversations;

/// Logs customers' ratings of bot answers as feedback touchpoints: Teams' thumbs up/down feedback loop and
/// message reactions alike. Each customer has one rating per answer, the latest (TouchpointStore.RateAsync); a
/// rating that names no answer rates nothing and is not counted.
internal sealed partial class FeedbackRecorder(TouchpointStore touchpoints, CustomerStore customers, TimeProvider time, ILogger<FeedbackRecorder> logger)
{
    public async Task RecordAsync(Activity activity, FeedbackSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(submission);
        await RateAsync(activity, submission.Reaction, submission.Text, submission.RatedActivityId, cancellationToken);
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
                await RateAsync(activity, rating, text: null, activity.ReplyToId, cancellationToken);
            }
        }
    }

    private async Task RateAsync(Activity activity, string rating, string? text, string? ratedActivityId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(ratedActivityId))
        {
            LogUnrated(logger, activity.Conversation?.Id);
            return;
        }
        var customer = await customers.ResolveAsync(activity, cancellationToken: cancellationToken);
        await touchpoints.RateAsync(New(activity, customer, rating, text, ratedActivityId), cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Did not count a rating in conversation {ConversationId}: it names no answer")]
    private static partial void LogUnrated(ILogger logger, string? conversationId);
}
