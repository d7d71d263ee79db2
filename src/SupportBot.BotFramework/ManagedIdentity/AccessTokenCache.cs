using System.Collections.Concurrent;

namespace SupportBot.BotFramework.ManagedIdentity;

/// Tokens by scope, reused until shortly before they expire; one acquisition at a time, so a burst of replies after
/// expiry asks the endpoint once. A token the resource just refused can be passed as rejected to force a new one
/// (unless another caller already replaced it).
public sealed class AccessTokenCache(TimeProvider time) : IDisposable
{
    /// Entra ID and the managed identity endpoints hand out tokens for an hour or more; five minutes before the end
    /// leaves room for clock skew and for a request that is slow to arrive.
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly ConcurrentDictionary<string, AccessToken> _tokens = new(StringComparer.Ordinal);

    public async Task<(AccessToken Token, bool Acquired)> GetAsync(
        string scope, string? rejected, Func<string, CancellationToken, Task<AccessToken>> acquire, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acquire);
        if (Usable(scope, rejected) is { } cached)
        {
            return (cached, false);
        }
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (Usable(scope, rejected) is { } refreshed)
            {
                return (refreshed, false);
            }
            var token = await acquire(scope, cancellationToken);
            _tokens[scope] = token;
            return (token, true);
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private AccessToken? Usable(string scope, string? rejected)
        => _tokens.TryGetValue(scope, out var token) && token.Value != rejected && token.ExpiresOn - RefreshMargin > time.GetUtcNow() ? token : null;
}
