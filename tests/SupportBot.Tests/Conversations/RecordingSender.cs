using System.Collections.Concurrent;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Replies;

namespace SupportBot.Tests.Conversations;

internal sealed class RecordingSender : IActivitySender
{
    private int _next;

    public ConcurrentQueue<Activity> Sent { get; } = new();

    public Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        Sent.Enqueue(activity);
        return Task.FromResult<string?>($"sent-{Interlocked.Increment(ref _next)}");
    }
}
