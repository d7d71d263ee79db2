using SupportBot.BotFramework.Schema;

namespace SupportBot.Channels.BotFramework;

/// What /api/messages needs of an activity before it can handle it: where it came from and where replies go.
internal static class InboundActivityRules
{
    /// Null when the activity can be handled; otherwise why not, for the 400 problem body.
    public static string? Check(Activity activity, int maxTextLength)
    {
        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return "The activity has no type.";
        }
        if (string.IsNullOrWhiteSpace(activity.ChannelId))
        {
            return "The activity has no channelId.";
        }
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return "The activity has no conversation.id.";
        }
        // Replies are sent to serviceUrl; only an expectReplies request is answered in the response instead.
        if (activity.DeliveryMode != DeliveryModes.ExpectReplies
            && (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || serviceUrl.Scheme is not ("https" or "http")))
        {
            return "The activity has no absolute http(s) serviceUrl to reply to.";
        }
        if (activity.Text is { } text && text.Length > maxTextLength)
        {
            return $"The activity's text is longer than {maxTextLength} characters.";
        }
        return null;
    }
}
