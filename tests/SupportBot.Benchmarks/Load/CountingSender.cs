using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Replies;

namespace SupportBot.Benchmarks.Load;

/// A channel that takes every activity and gives it an id, for turns run without HTTP.
internal sealed class CountingSender : IActivitySender
{
    private int _sent;

    public int Sent => Volatile.Read(ref _sent);

    public Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken)
        => Task.FromResult<string?>($"{Interlocked.Increment(ref _sent)}");
}
