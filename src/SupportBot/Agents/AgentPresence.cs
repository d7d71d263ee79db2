using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SupportBot.Redis;

namespace SupportBot.Agents;

/// Which agents are around: anyone connected to the console, or who called the agent API recently. Escalations
/// with nobody online (or outside business hours) are taken as messages instead of a wait with no end.
/// With Redis configured, last-seen times also go to a sorted set there, so every instance counts the agents
/// active on any instance; an instance that stops leaves nothing behind for longer than the window.
internal sealed class AgentPresence(TimeProvider time, IOptions<RedisOptions> redisOptions, IConnectionMultiplexer? redis = null)
{
    /// How long after an agent's last sign of life they count as online; the console pings well within it.
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    private readonly IConnectionMultiplexer? _redis = redis;
    private readonly RedisKey _lastSeenKey = redisOptions.Value.Name("agents:last-seen");
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);
    // Open console connections per agent: an agent with two tabs open stays online when one closes.
    private readonly ConcurrentDictionary<string, int> _connections = new(StringComparer.Ordinal);

    public void Seen(string agentId)
    {
        var now = time.GetUtcNow();
        _lastSeen[agentId] = now;
        try
        {
            _redis?.GetDatabase().SortedSetAdd(_lastSeenKey, agentId, now.ToUnixTimeMilliseconds(), CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // Redis is out of reach: this instance still counts the agent; the next sign of life reaches the others.
        }
    }

    public void Left(string agentId)
    {
        _lastSeen.TryRemove(agentId, out _);
        try
        {
            _redis?.GetDatabase().SortedSetRemove(_lastSeenKey, agentId, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // The entry ages out of the window on every instance.
        }
    }

    public void Connected(string agentId)
    {
        _connections.AddOrUpdate(agentId, 1, (_, open) => open + 1);
        Seen(agentId);
    }

    public void Disconnected(string agentId)
    {
        if (_connections.AddOrUpdate(agentId, 0, (_, open) => open - 1) <= 0)
        {
            _connections.TryRemove(new KeyValuePair<string, int>(agentId, 0));
            Left(agentId);
        }
    }

    public async Task<IReadOnlyList<string>> OnlineAsync()
    {
        var cutoff = time.GetUtcNow() - Window;
        return
        [
            .. _lastSeen.Where(kv => kv.Value >= cutoff).Select(kv => kv.Key)
                .Union(_connections.Where(kv => kv.Value > 0).Select(kv => kv.Key), StringComparer.Ordinal)
                .Union(await SeenElsewhereAsync(cutoff), StringComparer.Ordinal)
                .Order(StringComparer.Ordinal),
        ];
    }

    /// Whether any agent is online; asked when a handoff opens. Agents seen here answer it without asking Redis.
    public async Task<bool> AnyOnlineAsync()
    {
        var cutoff = time.GetUtcNow() - Window;
        return _connections.Any(kv => kv.Value > 0) || _lastSeen.Any(kv => kv.Value >= cutoff) || (await SeenElsewhereAsync(cutoff)).Any();
    }

    // Agents seen on any instance since the cutoff. While Redis does not answer, this instance's own view stands.
    // Asked asynchronously: it was a blocking call on every handoff's way, and under load the threads it held waiting
    // were the ones Redis's answers needed (the thread pool starved, and Redis calls timed out after 5 s).
    private async Task<IEnumerable<string>> SeenElsewhereAsync(DateTimeOffset cutoff)
    {
        if (_redis is null)
        {
            return [];
        }
        try
        {
            return (await _redis.GetDatabase().SortedSetRangeByScoreAsync(_lastSeenKey, cutoff.ToUnixTimeMilliseconds(), double.PositiveInfinity))
                .Select(member => member.ToString());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return [];
        }
    }
}
