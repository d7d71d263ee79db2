using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Channels.DirectLine;

/// Direct Line tokens as HS256 JWTs bound to one conversation and one user, like the service's own tokens (claims
/// conv and user): Web Chat reads the user id from them. A token made with trusted origins also carries them and
/// works only from those origins. Stateless, so any instance can check one; each carries its own id (jti), by which
/// TokenRevocations can refuse it before it expires.
internal sealed class DirectLineTokens(byte[] signingKey, TimeProvider time)
{
    private const string Issuer = "supportbot-directline";
    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    public (string Token, int ExpiresIn) Issue(
        string conversationId, string userId, int lifetimeSeconds, string? userName = null, IReadOnlyList<string>? origins = null)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new TokenClaims(Issuer, conversationId, userId, now, now + lifetimeSeconds)
        {
            Id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            UserName = userName,
            Origins = origins is { Count: > 0 } ? origins : null,
        };
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, TokenClaimsContext.Default.TokenClaims));
        var unsigned = $"{Header}.{payload}";
        return ($"{unsigned}.{Sign(unsigned)}", lifetimeSeconds);
    }

    public TokenValidation Validate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Header)
        {
            return TokenValidation.Invalid;
        }
        var expected = Encoding.ASCII.GetBytes(Sign($"{parts[0]}.{parts[1]}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])))
        {
            return TokenValidation.Invalid;
        }
        TokenClaims? claims;
        try
        {
            claims = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[1]), TokenClaimsContext.Default.TokenClaims);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return TokenValidation.Invalid;
        }
        if (claims is null || claims.Issuer != Issuer || claims.ConversationId.Length == 0)
        {
            return TokenValidation.Invalid;
        }
        return claims.ExpiresAt <= time.GetUtcNow().ToUnixTimeSeconds() ? TokenValidation.Expired(claims) : TokenValidation.Valid(claims);
    }

    private string Sign(string unsigned)
        => Base64Url.EncodeToString(HMACSHA256.HashData(signingKey, Encoding.ASCII.GetBytes(unsigned)));
}

internal sealed record TokenClaims(
    [property: JsonPropertyName("iss")] string Issuer,
    [property: JsonPropertyName("conv")] string ConversationId,
    [property: JsonPropertyName("user")] string UserId,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("exp")] long ExpiresAt)
{
    /// The token's own id (128 random bits), by which it alone can be revoked. Tokens issued before ids existed
    /// have none; revoking their whole conversation still refuses them.
    [JsonPropertyName("jti")]
    public string? Id { get; init; }

    /// The name a signed user token gave the customer; posted activities carry it as from.name.
    [JsonPropertyName("name")]
    public string? UserName { get; init; }

    /// Where the token may be used from (the Origin of the page); absent: anywhere.
    [JsonPropertyName("origins")]
    public IReadOnlyList<string>? Origins { get; init; }

    public bool AllowsOrigin(string? origin) => Origins is not { Count: > 0 } || (origin is not null && Origins.Contains(origin, StringComparer.Ordinal));
}

internal sealed record TokenValidation(TokenStatus Status, TokenClaims? Claims)
{
    public static readonly TokenValidation Invalid = new(TokenStatus.Invalid, null);

    public static TokenValidation Expired(TokenClaims claims) => new(TokenStatus.Expired, claims);

    public static TokenValidation Valid(TokenClaims claims) => new(TokenStatus.Valid, claims);
}

internal enum TokenStatus
{
    Valid,
    Invalid,
    Expired,
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenClaims))]
internal sealed partial class TokenClaimsContext : JsonSerializerContext;
