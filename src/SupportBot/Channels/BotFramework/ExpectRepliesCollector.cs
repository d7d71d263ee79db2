using System.Collections.Concurrent;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Replies;

namespace SupportBot.Channels.BotFramework;

/// Collects a turn's replies for an expectReplies request, which gets them in the HTTP response instead of
/// through the connector. Typing indicators are left out: the caller reads the replies after the turn.
internal sealed class ExpectRepliesCollector : IActivitySender
{
    private readonly ConcurrentQueue<Activity> _replies = new();

    public IReadOnlyList<Activity> Replies => [.. _replies];

    public Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Type != ActivityTypes.Typing)
        {
            _replies.Enqueue(activity);
        }
        return Task.FromResult<string?>(null);
    }
}
