using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.BotFramework.Authentication;

/// Signing keys per OpenID metadata URL (metadata → jwks_uri → keys). Kept for a day; a token signed with a
/// key the cache does not know triggers one early refresh (at most every few minutes), which is how key
/// rotation reaches the bot. A failed refresh keeps the keys it had.
public sealed partial class SigningKeyCache(HttpClient http, TimeProvider time, ILogger<SigningKeyCache> logger) : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(24);
    public static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (IReadOnlyList<EndorsedKey> Keys, DateTimeOffset FetchedAt)> _sets = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refresh = new(1, 1);

    /// The key with this id, or null when the metadata does not publish it (or cannot be reached).
    public async Task<EndorsedKey?> FindAsync(string metadataUrl, string? keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _sets.TryGetValue(metadataUrl, out var set);
        var found = Find(set.Keys, keyId);
        var stale = set.Keys is null || now - set.FetchedAt > RefreshInterval;
        var unknownKeyMayRefresh = found is null && (set.Keys is null || now - set.FetchedAt > MinimumRefreshInterval);
        if (!stale && !unknownKeyMayRefresh)
        {
            return found;
        }
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (_sets.TryGetValue(metadataUrl, out var current) && current.FetchedAt > set.FetchedAt && Find(current.Keys, keyId) is { } fresh)
            {
                return fresh;
            }
            var keys = await FetchAsync(metadataUrl, cancellationToken);
            if (keys is null)
            {
                return found;
            }
            _sets[metadataUrl] = (keys, time.GetUtcNow());
            return Find(keys, keyId);
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private static EndorsedKey? Find(IReadOnlyList<EndorsedKey>? keys, string? keyId)
        => keyId is null ? null : keys?.FirstOrDefault(k => string.Equals(k.Key.KeyId, keyId, StringComparison.Ordinal));

    private async Task<IReadOnlyList<EndorsedKey>?> FetchAsync(string metadataUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var metadata = JsonDocument.Parse(await http.GetStringAsync(new Uri(metadataUrl), cancellationToken));
            var jwksUri = metadata.RootElement.GetProperty("jwks_uri").GetString() ?? throw new JsonException("jwks_uri is null");
            using var jwks = JsonDocument.Parse(await http.GetStringAsync(new Uri(jwksUri), cancellationToken));
            var keys = new List<EndorsedKey>();
            foreach (var element in jwks.RootElement.GetProperty("keys").EnumerateArray())
            {
                var endorsements = element.TryGetProperty("endorsements", out var e) && e.ValueKind == JsonValueKind.Array
                    ? e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                    : [];
                keys.Add(new EndorsedKey(new JsonWebKey(element.GetRawText()), endorsements));
            }
            LogRefreshed(logger, metadataUrl, keys.Count);
            return keys;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or TaskCanceledException)
        {
            LogRefreshFailed(logger, ex, metadataUrl);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} signing keys from {MetadataUrl}")]
    private static partial void LogRefreshed(ILogger logger, string metadataUrl, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not load signing keys from {MetadataUrl}; tokens signed with unknown keys are refused until it answers")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string metadataUrl);
}
