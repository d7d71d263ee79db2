using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SupportBot.Redis;

namespace SupportBot.Credentials;

/// Credentials refused before they expire, by subject: 'token:<jti>' and 'conversation:<id>' (Direct Line tokens),
/// 'console-session:<sid>' (a console sign-in that signed out). In Redis when it is configured (each key expires when
/// nothing it concerns can still be valid), otherwise in the store (pruned likewise), so every instance sees a
/// revocation from the next request on.
internal sealed partial class RevocationList(
    RevocationStore store, IOptions<RedisOptions> redisOptions, TimeProvider time, ILogger<RevocationList> logger, IConnectionMultiplexer? redis = null)
{
    private readonly IConnectionMultiplexer? _redis = redis;
    private readonly string _prefix = redisOptions.Value.Name("revoked:");
    private int _unchecked;

    public long Now => time.GetUtcNow().ToUnixTimeSeconds();

    /// The subject's key in Redis, for a script that reads the mark along with other work (a rate limit's count).
    public string RedisKey(string subject) => _prefix + subject;

    public async Task AddAsync(IReadOnlyList<(string Subject, long RevokedAt, long ExpiresAt)> revocations, CancellationToken cancellationToken)
    {
        if (revocations.Count == 0)
        {
            return;
        }
        if (_redis is null)
        {
            await store.AddAsync(revocations, cancellationToken);
            return;
        }
        var batch = _redis.GetDatabase().CreateBatch();
        var writes = revocations.Select(r => batch.StringSetAsync(
            _prefix + r.Subject, r.RevokedAt, TimeSpan.FromSeconds(Math.Max(1, r.ExpiresAt - r.RevokedAt)))).ToList();
        batch.Execute();
        await Task.WhenAll(writes);
    }

    /// When each subject was revoked (Unix seconds; 0: not revoked). While Redis does not answer nothing is taken for
    /// revoked (and that is logged): the credentials checked here are short-lived or signed, and refusing every
    /// customer and agent because a cache is down would be worse.
    public async Task<long[]> RevokedAtAsync(string[] subjects, CancellationToken cancellationToken)
    {
        if (_redis is null)
        {
            var found = await store.FindAsync(subjects, Now, cancellationToken);
            return [.. subjects.Select(s => found.GetValueOrDefault(s))];
        }
        if (_redis.IsConnected)
        {
            try
            {
                var values = await _redis.GetDatabase().StringGetAsync([.. subjects.Select(s => (RedisKey)(_prefix + s))]);
                Interlocked.Exchange(ref _unchecked, 0);
                return [.. values.Select(v => v.HasValue ? (long)v : 0)];
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Unchecked(ex);
                return new long[subjects.Length];
            }
        }
        Unchecked(null);
        return new long[subjects.Length];
    }

    private void Unchecked(Exception? ex)
    {
        if (Interlocked.Exchange(ref _unchecked, 1) == 0)
        {
            LogUnchecked(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis does not answer: revoked tokens and console sessions are not checked until it does")]
    private static partial void LogUnchecked(ILogger logger, Exception? ex);
}
