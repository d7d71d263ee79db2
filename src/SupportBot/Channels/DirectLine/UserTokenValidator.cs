using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.Channels.DirectLine;

/// Checks the user token a host site signs for its signed-in customer: signature (HS256 with the shared key or
/// RS256 with the site's public key), issuer, audience and lifetime. The customer id it yields is trusted as
/// Direct Line's user id, so a forged, expired or foreign token never gets that far.
internal sealed partial class UserTokenValidator
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);
    private const int MaxTokenLength = 8 * 1024;
    private const int MaxUserIdLength = 256;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly UserTokenOptions _settings;
    private readonly TokenValidationParameters? _parameters;
    private readonly TimeProvider _time;
    private readonly ILogger<UserTokenValidator> _logger;

    public UserTokenValidator(IOptions<DirectLineOptions> options, TimeProvider time, ILogger<UserTokenValidator> logger)
    {
        _settings = options.Value.UserTokens;
        _time = time;
        _logger = logger;
        if (!_settings.Enabled)
        {
            return;
        }
        var keys = new List<SecurityKey>();
        var algorithms = new List<string>();
        if (_settings.SigningKey.Length > 0)
        {
            keys.Add(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_settings.SigningKey)));
            algorithms.Add(SecurityAlgorithms.HmacSha256);
        }
        if (_settings.PublicKey.Length > 0)
        {
            keys.Add(ReadPublicKey(_settings.PublicKey));
            algorithms.Add(SecurityAlgorithms.RsaSha256);
        }
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAlgorithms = algorithms,
            ValidIssuer = _settings.Issuer,
            ValidAudience = _settings.Audience,
            RequireSignedTokens = true,
            // Checked below against the host's clock, so that an expired token is told apart from a forged one.
            ValidateLifetime = false,
        };
    }

    public bool Enabled => _parameters is not null;

    public async Task<(ChatUser? User, DirectLineRefusal? Refusal)> ValidateAsync(string token)
    {
        if (_parameters is null)
        {
            LogRefused(_logger, "user tokens are not configured");
            return (null, new(StatusCodes.Status400BadRequest, "BadArgument", "This host does not accept user tokens (DirectLine:UserTokens is not configured)."));
        }
        if (token.Length is 0 or > MaxTokenLength)
        {
            return Forged("empty or oversized token");
        }
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            // The token itself is never logged: it is a credential.
            return Forged(result.Exception?.GetType().Name ?? "not a JWT");
        }
        var now = _time.GetUtcNow().UtcDateTime;
        if (jwt.ValidTo == DateTime.MinValue)
        {
            return Forged("no exp claim");
        }
        if (jwt.ValidTo + ClockSkew <= now)
        {
            LogRefused(_logger, "expired user token");
            return (null, new(StatusCodes.Status403Forbidden, "TokenExpired", "The user token has expired."));
        }
        if (jwt.ValidFrom != DateTime.MinValue && jwt.ValidFrom - ClockSkew > now)
        {
            return Forged("user token not valid yet (nbf)");
        }
        if (!jwt.TryGetPayloadValue<string>(_settings.UserIdClaim, out var userId) || string.IsNullOrWhiteSpace(userId)
            || userId.Length > MaxUserIdLength || userId.Any(char.IsControl))
        {
            return Forged($"no usable '{_settings.UserIdClaim}' claim");
        }
        // Anonymous visitors' ids are dl_…: a signed-in customer's id must never be one that an anonymous browser could hold.
        if (AnonymousIds.IsAnonymous(userId))
        {
            return Forged($"the '{_settings.UserIdClaim}' claim is in the anonymous dl_ namespace");
        }
        jwt.TryGetPayloadValue<string>(_settings.NameClaim, out var name);
        return (new ChatUser(userId, string.IsNullOrWhiteSpace(name) ? null : name), null);
    }

    private (ChatUser?, DirectLineRefusal?) Forged(string reason)
    {
        LogRefused(_logger, reason);
        return (null, new(StatusCodes.Status403Forbidden, "Forbidden", "The user token is not valid."));
    }

    private static SecurityKey ReadPublicKey(string setting)
    {
        var text = setting.TrimStart().StartsWith('-') || setting.TrimStart().StartsWith('{') ? setting : File.ReadAllText(setting);
        if (text.TrimStart().StartsWith('{'))
        {
            return new JsonWebKey(text);
        }
        var rsa = RSA.Create();
        rsa.ImportFromPem(text);
        return new RsaSecurityKey(rsa);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a user token: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
