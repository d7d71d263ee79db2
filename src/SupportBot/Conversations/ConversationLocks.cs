using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SupportBot.Redis;

namespace SupportBot.Conversations;

/// A short Redis lock per conversation, so that across instances one runs a conversation's turns at a time:
/// SET NX PX with a random token, renewed and released only by the token's holder (compare in Lua).
internal sealed class ConversationLocks(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<InboxOptions> options)
{
    /// Long enough to outlive a renewal that comes late; shorter than the inbox lease, so a dead holder's lock is
    /// gone by the time the sweep hands its activities on and wakes their conversations.
    public TimeSpan Lifetime { get; } = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, options.Value.Lease.Ticks / 2));

    private const string RenewScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private readonly string _prefix = redisOptions.Value.Name("conversation-lock:");

    /// The token that proves the lock is held, or null while another instance holds it.
    public async Task<string?> TryAcquireAsync(string conversationKey)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        return await redis.GetDatabase().StringSetAsync(_prefix + conversationKey, token, Lifetime, When.NotExists) ? token : null;
    }

    /// False when the lock was lost (it expired and another instance took it).
    public async Task<bool> RenewAsync(string conversationKey, string token)
        => (long)await redis.GetDatabase().ScriptEvaluateAsync(
            RenewScript, [new RedisKey(_prefix + conversationKey)], [token, (long)Lifetime.TotalMilliseconds]) == 1;

    /// Sent without waiting for Redis to answer: nothing is done with the answer (a lock already lost is another's
    /// now), and Redis runs one connection's commands in order, so this instance's next try for the lock comes after
    /// it. A release that never arrives leaves the lock to expire.
    public Task ReleaseAsync(string conversationKey, string token)
        => redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [new RedisKey(_prefix + conversationKey)], [token], CommandFlags.FireAndForget);
}
