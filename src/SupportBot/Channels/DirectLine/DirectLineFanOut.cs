using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SupportBot.Redis;

namespace SupportBot.Channels.DirectLine;

/// Tells every instance that a conversation has new activities, through Redis when it is configured, so the
/// instance holding the customer's WebSocket pushes them whichever instance stored them. The message carries only
/// the conversation id (or a typing indicator, which is never stored): the receiver reads the store from what its
/// socket last sent, so nothing is lost or sent twice. Without Redis there is one instance and nothing to tell.
/// While Redis is out of reach a notice is dropped, not waited for: the activity is stored, and when Redis is back
/// every instance has its streams read the store again (Reconnected), which delivers what the notices missed.
internal sealed class DirectLineFanOut(IOptions<RedisOptions> redisOptions, IConnectionMultiplexer? redis = null)
{
    private readonly IConnectionMultiplexer? _redis = redis;
    private readonly RedisChannel _channel = RedisChannel.Literal(redisOptions.Value.Name("directline"));
    private readonly RedisChannel _revoked = RedisChannel.Literal(redisOptions.Value.Name("directline:revoked"));

    /// Other instances may write to the same conversations: the memory cache is then refreshed from the store.
    public bool IsShared => _redis is not null;

    /// Raised when the connection to Redis is back after a loss, during which notices may have been missed.
    public event Action? Reconnected;

    /// The message names the sequence appended, so that the instance that appended it (which has it already, and
    /// has pushed it to a socket it holds) does not read the store for nothing when its own notice comes back.
    public void Appended(string conversationId, int sequence) => Publish(_channel, $"{conversationId}\n#{sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    public void Typing(string conversationId, string activityJson) => Publish(_channel, $"{conversationId}\n{activityJson}");

    private void Publish(RedisChannel channel, string message)
    {
        try
        {
            _redis?.GetSubscriber().Publish(channel, message, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // Redis is out of reach (RedisOutageLog says so once); the receivers catch up when it is back.
        }
    }

    /// A token (its id) or every token (no id) of the conversation was revoked: whichever instance holds its socket
    /// closes it.
    public void Revoked(string conversationId, string? tokenId) => Publish(_revoked, $"{conversationId}\n{tokenId}");

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
        _redis.ConnectionRestored += (_, _) => Reconnected?.Invoke();
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
