using StackExchange.Redis;

namespace SupportBot.Channels.DirectLine;

/// Tells every instance that a conversation has new activities, through Redis when it is configured, so the
/// instance holding the customer's WebSocket pushes them whichever instance stored them. The message carries only
/// the conversation id (or a typing indicator, which is never stored): the receiver reads the store from what its
/// socket last sent, so nothing is lost or sent twice. Without Redis there is one instance and nothing to tell.
internal sealed class DirectLineFanOut(IEnumerable<IConnectionMultiplexer> redis, IConfiguration configuration)
{
    private readonly IConnectionMultiplexer? _redis = redis.FirstOrDefault();
    private readonly RedisChannel _channel = RedisChannel.Literal($"{configuration["Redis:ChannelPrefix"] ?? "supportbot"}:directline");
    private readonly RedisChannel _revoked = RedisChannel.Literal($"{configuration["Redis:ChannelPrefix"] ?? "supportbot"}:directline:revoked");

    /// Other instances may write to the same conversations: the memory cache is then refreshed from the store.
    public bool IsShared => _redis is not null;

    public void Appended(string conversationId) => _redis?.GetSubscriber().Publish(_channel, conversationId, CommandFlags.FireAndForget);

    public void Typing(string conversationId, string activityJson) =>
        _redis?.GetSubscriber().Publish(_channel, $"{conversationId}\n{activityJson}", CommandFlags.FireAndForget);

    /// A token (its id) or every token (no id) of the conversation was revoked: whichever instance holds its socket
    /// closes it.
    public void Revoked(string conversationId, string? tokenId) =>
        _redis?.GetSubscriber().Publish(_revoked, $"{conversationId}\n{tokenId}", CommandFlags.FireAndForget);

    public async Task SubscribeAsync(Func<string, string?, Task> received, Action<string, string?> revoked)
    {
        if (_redis is null)
        {
            return;
        }
        await _redis.GetSubscriber().SubscribeAsync(_revoked, (_, message) =>
        {
            var text = (string)message!;
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            revoked(text[..split], split + 1 < text.Length ? text[(split + 1)..] : null);
        });
        var queue = await _redis.GetSubscriber().SubscribeAsync(_channel);
        // One queue, handled in order, so a conversation's notices never overtake each other.
        queue.OnMessage(async message =>
        {
            var text = (string)message.Message!;
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            await (split < 0 ? received(text, null) : received(text[..split], text[(split + 1)..]));
        });
    }
}
