using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SupportBot.Redis;

namespace SupportBot.Limits;

/// Where every limit counts. With Redis configured the counters live there, so instances behind one balancer
/// together allow what one instance would; without it each instance counts in process.
///
/// Fixed windows aligned to the clock (window n covers [n*w, (n+1)*w)), one Redis key per key and window: one INCRBY
/// per request, no per-request entries to keep (a sliding log would store every request), Retry-After is the time
/// to the window's end, and the same windows as the in-process counters (LocalRateWindows). The price is the usual one of
/// fixed windows: a burst straddling a boundary may reach twice the limit for a moment. Windows follow the hosts'
/// TimeProvider, so instances agree on them as far as their clocks agree (NTP), and tests can move them.
///
/// While Redis is configured but unreachable every limit falls back to this instance's own in-process counter
/// (fail open, with a bound): refusing every customer message or sign-in because a cache is down would turn a
/// Redis outage into a full one, and /readyz already takes the instance out of the balancer meanwhile. Each
/// instance then allows the full limit, as before counters were shared. The switch is logged both ways.
internal sealed partial class RateCounts(
    IOptions<RedisOptions> redisOptions, TimeProvider time, ILogger<RateCounts> logger, IConnectionMultiplexer? redis = null)
{
    // Reads and takes in one step, so two instances cannot both take the last permit. Zero permits only asks
    // whether any are left. A refused request takes nothing, as in LocalRateWindows.
    private static readonly LuaScript Take = LuaScript.Prepare("""
        local used = tonumber(redis.call('GET', @key) or '0')
        local permits = tonumber(@permits)
        local limit = tonumber(@limit)
        if (permits == 0 and used >= limit) or used + permits > limit then
          return 0
        end
        if permits > 0 then
          redis.call('INCRBY', @key, permits)
          redis.call('PEXPIRE', @key, @ttl)
        end
        return 1
        """);

    // Take, after the marks (keys 2..n with their least refusing values as arguments 4..): a request its credential's
    // revocation refuses is answered -1 and spends nothing, as when it was refused before it was counted.
    private const string TakeUnlessMarked = """
        for i = 2, #KEYS do
          local mark = redis.call('GET', KEYS[i])
          if mark and tonumber(mark) >= tonumber(ARGV[i + 2]) then
            return -1
          end
        end
        local used = tonumber(redis.call('GET', KEYS[1]) or '0')
        if used + 1 > tonumber(ARGV[1]) then
          return 0
        end
        redis.call('INCRBY', KEYS[1], 1)
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """;

    private readonly IConnectionMultiplexer? _redis = redis;
    private readonly string _prefix = redisOptions.Value.Name("limits:");
    private readonly LocalRateWindows _local = new(time);
    private int _fallingBack;

    public bool Shared => _redis is not null;

    public async ValueTask<RateDecision> TakeAsync(RateLimit limit, string key, int permits = 1)
    {
        if (_redis is { IsConnected: true })
        {
            try
            {
                var decision = await TakeSharedAsync(_redis, limit, key, permits);
                if (Interlocked.Exchange(ref _fallingBack, 0) == 1)
                {
                    LogShared(logger);
                }
                return decision;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                FallingBack(ex);
            }
        }
        else if (_redis is not null)
        {
            FallingBack(null);
        }
        return TakeLocal(limit, key, permits);
    }

    /// Takes one permit unless one of the marks refuses the request first, in one script and one round trip (a Direct
    /// Line post's revocation check and its conversation's allowance). Null when the counters are not in Redis or it
    /// does not answer: the caller then checks the marks its own way and takes with TakeAsync.
    public async ValueTask<RateDecision?> TakeUnlessMarkedAsync(RateLimit limit, string key, IReadOnlyList<RateMark> marks)
    {
        if (_redis is not { IsConnected: true })
        {
            return null;
        }
        var (counter, left, ttl) = Window(limit, key);
        var keys = new RedisKey[marks.Count + 1];
        var values = new RedisValue[marks.Count + 2];
        (keys[0], values[0], values[1]) = (counter, limit.PermitLimit, ttl);
        for (var i = 0; i < marks.Count; i++)
        {
            (keys[i + 1], values[i + 2]) = (marks[i].RedisKey, marks[i].AtLeast);
        }
        try
        {
            var result = (int)await _redis.GetDatabase().ScriptEvaluateAsync(TakeUnlessMarked, keys, values);
            if (Interlocked.Exchange(ref _fallingBack, 0) == 1)
            {
                LogShared(logger);
            }
            return new RateDecision(result == 1, left) { Marked = result < 0 };
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            FallingBack(ex);
            return null;
        }
    }

    /// This instance's own count: the only one without Redis, the fallback while Redis does not answer.
    public RateDecision TakeLocal(RateLimit limit, string key, int permits = 1) => _local.Take(limit, key, permits);

    private async Task<RateDecision> TakeSharedAsync(IConnectionMultiplexer redis, RateLimit limit, string key, int permits)
    {
        var (counter, left, ttl) = Window(limit, key);
        var result = await Take.EvaluateAsync(redis.GetDatabase(), new
        {
            key = (RedisKey)counter,
            permits,
            limit = limit.PermitLimit,
            ttl,
        });
        return new RateDecision((int)result == 1, left);
    }

    // The key's counter for the current window, the time left in it, and how long the counter is kept (milliseconds).
    private (string Counter, TimeSpan Left, long Ttl) Window(RateLimit limit, string key)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = (long)limit.Window.TotalMilliseconds;
        var window = now / windowMs;
        var left = TimeSpan.FromMilliseconds(((window + 1) * windowMs) - now);
        // The key outlives its window by a little, so an instance whose clock runs behind still finds it.
        var ttl = (long)(left + TimeSpan.FromSeconds(5)).TotalMilliseconds;
        return ($"{_prefix}{limit.Name}:{key}:{window}", left, ttl);
    }

    private void FallingBack(Exception? ex)
    {
        if (Interlocked.Exchange(ref _fallingBack, 1) == 0)
        {
            LogFallingBack(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis does not answer: rate limits count on this instance alone until it does")]
    private static partial void LogFallingBack(ILogger logger, Exception? ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again: rate limits count across instances")]
    private static partial void LogShared(ILogger logger);
}
