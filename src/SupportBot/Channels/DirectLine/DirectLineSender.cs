using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Replies;

namespace SupportBot.Channels.DirectLine;

/// Delivers the bot's activities into a Direct Line conversation: stored and streamed, or streamed only (typing).
internal sealed class DirectLineSender(DirectLineStore store, DirectLineConversationState conversation) : IActivitySender
{
    public async Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Type == ActivityTypes.Typing)
        {
            return store.Publish(conversation, activity);
        }
        var stored = await store.AppendAsync(conversation, activity, cancellationToken);
        return stored.Id;
    }
}
