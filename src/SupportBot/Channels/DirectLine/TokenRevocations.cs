using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SupportBot.Channels.DirectLine;

/// Direct Line tokens refused before they expire: one token its holder gave up (RFC 7009 style, on sign-out), or
/// every token of a conversation (an erased customer's, or one a supervisor ended), as a "not before" time rather
/// than a list of tokens. The list lives in Redis when it is configured (each key expires when nothing it concerns
/// can still be valid), otherwise in the store (pruned likewise); either way every instance refuses a revoked token
/// from the next request on, and the instance holding its WebSocket closes it.
internal sealed partial class TokenRevocations(
    TokenRevocationStore store,
    DirectLineFanOut fanOut,
    DirectLineStore conversations,
    IEnumerable<IConnectionMultiplexer> redis,
    IConfiguration configuration,
    IOptions<DirectLineOptions> options,
    TimeProvider time,
    ILogger<TokenRevocations> logger)
{
    private readonly IConnectionMultiplexer? _redis = redis.FirstOrDefault();
    private readonly string _prefix = $"{configuration["Redis:ChannelPrefix"] ?? "supportbot"}:directline:revoked:";
    private int _unchecked;

    private long Now => time.GetUtcNow().ToUnixTimeSeconds();

    /// The holder gives up this token. One issued before tokens had ids is revoked with its whole conversation.
    public async Task RevokeAsync(TokenClaims token, CancellationToken cancellationToken)
    {
        if (token.Id is null)
        {
            await RevokeConversationsAsync([token.ConversationId], cancellationToken);
            return;
        }
        await WriteAsync([($"token:{token.Id}", Now, token.ExpiresAt)], cancellationToken);
        LogRevoked(logger, token.ConversationId);
        conversations.CloseRevoked(token.ConversationId, token.Id);
        fanOut.Revoked(token.ConversationId, token.Id);
    }

    /// Every token of these conversations issued until now is refused from now on.
    public async Task RevokeConversationsAsync(IReadOnlyCollection<string> conversationIds, CancellationToken cancellationToken)
    {
        if (conversationIds.Count == 0)
        {
            return;
        }
        var now = Now;
        // No token issued before now outlives one lifetime from now (refreshes issue new tokens, after the mark).
        var until = now + options.Value.TokenLifetimeSeconds;
        await WriteAsync([.. conversationIds.Select(id => ($"conversation:{id}", now, until))], cancellationToken);
        foreach (var id in conversationIds)
        {
            LogConversationRevoked(logger, id);
            conversations.CloseRevoked(id, tokenId: null);
            fanOut.Revoked(id, tokenId: null);
        }
    }

    /// Whether the token was revoked. While Redis does not answer the token is taken (and that logged): tokens are
    /// short-lived, and refusing every customer because a cache is down would be worse.
    public async Task<bool> IsRevokedAsync(TokenClaims token, CancellationToken cancellationToken)
    {
        string[] subjects = token.Id is null ? [$"conversation:{token.ConversationId}"] : [$"conversation:{token.ConversationId}", $"token:{token.Id}"];
        if (_redis is null)
        {
            var found = await store.FindAsync(subjects, Now, cancellationToken);
            return Revoked(token, found.GetValueOrDefault(subjects[0]), subjects.Length > 1 && found.ContainsKey(subjects[1]));
        }
        if (_redis.IsConnected)
        {
            try
            {
                var values = await _redis.GetDatabase().StringGetAsync([.. subjects.Select(s => (RedisKey)(_prefix + s))]);
                Interlocked.Exchange(ref _unchecked, 0);
                return Revoked(token, values[0].HasValue ? (long)values[0] : 0, values.Length > 1 && values[1].HasValue);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Unchecked(ex);
                return false;
            }
        }
        Unchecked(null);
        return false;
    }

    // A conversation's mark refuses tokens issued in or before its second: a token issued in the same second as an
    // erasure may be older than it.
    private static bool Revoked(TokenClaims token, long conversationRevokedAt, bool tokenRevoked)
        => tokenRevoked || (conversationRevokedAt > 0 && token.IssuedAt <= conversationRevokedAt);

    private async Task WriteAsync(IReadOnlyList<(string Subject, long RevokedAt, long ExpiresAt)> revocations, CancellationToken cancellationToken)
    {
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

    private void Unchecked(Exception? ex)
    {
        if (Interlocked.Exchange(ref _unchecked, 1) == 0)
        {
            LogUnchecked(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked a Direct Line token of conversation {ConversationId}")]
    private static partial void LogRevoked(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked every Direct Line token of conversation {ConversationId}")]
    private static partial void LogConversationRevoked(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis does not answer: Direct Line tokens are taken without checking revocations until it does")]
    private static partial void LogUnchecked(ILogger logger, Exception? ex);
}
