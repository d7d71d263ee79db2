using SupportBot.BotFramework.Schema;
using SupportBot.Touchpoints;

namespace SupportBot.Conversations;

internal static class TurnTouchpoints
{
    /// A touchpoint of the turn's conversation, at the time it is logged.
    public static Touchpoint New(Activity activity, string customer, string kind, string? text, string? activityId, TimeProvider time) => new()
    {
        OccurredAt = time.GetUtcNow(),
        ConversationId = activity.Conversation?.Id ?? string.Empty,
        Channel = activity.ChannelId ?? "unknown",
        CustomerId = customer,
        Kind = kind,
        Text = text,
        ActivityId = activityId,
    };
}
