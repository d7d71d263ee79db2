using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportBot.BotFramework.Connector;

namespace SupportBot.BotFramework.Authentication;

/// Validates the bearer token on a request to /api/messages the way the Bot Framework SDK does: channel
/// tokens from Azure Bot Service, Entra tokens from the Emulator, and tokens from bots calling this one as a
/// skill. Signature (RS256/384/512) against the published keys, issuer, lifetime with five minutes of skew,
/// audience, the key's channel endorsements, and where replies may go: a channel's serviceurl claim must be the
/// activity's serviceUrl, a skill's serviceUrl its caller's skill host endpoint, the Emulator's on loopback.
public sealed class BotAuthenticator(SigningKeyCache keys, IOptions<BotFrameworkOptions> options, TimeProvider time)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private const int MaxTokenLength = 16 * 1024;
    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private readonly JsonWebTokenHandler _handler = new();

    private BotFrameworkOptions Settings => options.Value;

    public bool IsAuthenticationEnabled => Settings.IsAuthenticationEnabled;

    public async Task<BotAuthenticationResult> AuthenticateAsync(string? authorizationHeader, string? channelId, string? serviceUrl, CancellationToken cancellationToken)
    {
        if (!Settings.IsAuthenticationEnabled)
        {
            return BotAuthenticationResult.Anonymous;
        }
        if (string.IsNullOrEmpty(authorizationHeader))
        {
            return BotAuthenticationResult.Fail("no Authorization header");
        }
        var parts = authorizationHeader.Split(' ');
        if (parts.Length != 2 || parts[0] != "Bearer" || parts[1].Length is 0 or > MaxTokenLength)
        {
            return BotAuthenticationResult.Fail("the Authorization header is not 'Bearer <token>'");
        }
        JsonWebToken token;
        try
        {
            token = new JsonWebToken(parts[1]);
        }
        catch (ArgumentException)
        {
            return BotAuthenticationResult.Fail("the bearer token is not a JWT");
        }

        var kind = Classify(token);
        if (kind == TokenKind.Emulator && !Settings.AllowEmulatorTokens)
        {
            return BotAuthenticationResult.Fail("Emulator token, and Bot:AllowEmulatorTokens is off");
        }
        var metadataUrl = kind == TokenKind.Channel ? Settings.ToBotFromChannelOpenIdMetadataUrl : Settings.ToBotFromEmulatorOpenIdMetadataUrl;
        var key = await keys.FindAsync(metadataUrl, token.Kid, cancellationToken);
        if (key is null)
        {
            return BotAuthenticationResult.Fail($"{kind} token signed with unknown key '{token.Kid}'");
        }
        var validation = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key.Key,
            ValidIssuers = kind == TokenKind.Channel ? [Settings.ToBotFromChannelTokenIssuer] : EntraIssuers(),
            ValidateAudience = false, // checked below, per token kind, as the SDK does
            ValidateLifetime = true,
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, _) => WithinLifetime(notBefore, expires),
            ValidAlgorithms = AllowedAlgorithms,
            RequireSignedTokens = true,
        });
        if (!validation.IsValid)
        {
            return BotAuthenticationResult.Fail($"{kind} token rejected: {validation.Exception?.GetType().Name}");
        }
        // A key endorsed for some channels may only sign for those channels.
        if (key.Endorsements.Count > 0 && (channelId is null || !key.Endorsements.Contains(channelId, StringComparer.Ordinal)))
        {
            return BotAuthenticationResult.Fail($"the signing key is not endorsed for channel '{channelId}'");
        }
        var identity = validation.ClaimsIdentity;
        return kind switch
        {
            TokenKind.Channel => CheckChannel(token, identity, serviceUrl),
            TokenKind.Emulator => CheckEmulator(token, identity, serviceUrl),
            _ => CheckSkill(token, identity, serviceUrl),
        };
    }

    private enum TokenKind
    {
        Channel,
        Emulator,
        Skill,
    }

    // The SDK's order: a bot-to-bot token (has ver, addressed to this bot by another app) is a skill call; an
    // Entra-issued token otherwise is the Emulator; anything else claims to come from a channel.
    private TokenKind Classify(JsonWebToken token)
    {
        var audience = token.Audiences.FirstOrDefault();
        var appId = CallerAppId(token);
        if (Claim(token, "ver") is not null && audience is not null && audience != Settings.ToBotFromChannelTokenIssuer && appId is not null && appId != audience)
        {
            return TokenKind.Skill;
        }
        return EntraIssuers().Contains(token.Issuer, StringComparer.Ordinal) ? TokenKind.Emulator : TokenKind.Channel;
    }

    // A fixed list: single-tenant bots accept Entra tokens from their own tenant only; multi-tenant ones from Bot
    // Framework's tenants (the SDK's list) and their own. Never from the tenant a token names in its tid: every
    // Entra tenant's tokens are signed with the same published keys, so that would let any tenant in.
    private IReadOnlyList<string> EntraIssuers()
    {
        if (Settings.MicrosoftAppTenantId.Length == 0)
        {
            return Settings.EmulatorTokenIssuers;
        }
        var own = TenantIssuers(Settings.MicrosoftAppTenantId);
        return Settings.MicrosoftAppType == BotAppType.MultiTenant ? [.. Settings.EmulatorTokenIssuers, .. own] : own;
    }

    private static string[] TenantIssuers(string tenant) => [$"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0"];

    private BotAuthenticationResult CheckChannel(JsonWebToken token, ClaimsIdentity identity, string? serviceUrl)
    {
        if (!token.Audiences.Contains(Settings.MicrosoftAppId, StringComparer.Ordinal))
        {
            return BotAuthenticationResult.Fail("channel token addressed to another bot");
        }
        // Only a channel may say where replies go: the token names the serviceUrl it was issued for.
        if (!string.IsNullOrEmpty(serviceUrl) && !string.Equals(Claim(token, "serviceurl"), serviceUrl, StringComparison.Ordinal))
        {
            return BotAuthenticationResult.Fail("the token's serviceurl claim differs from the activity's serviceUrl");
        }
        return new BotAuthenticationResult(true, identity, CallerIds.PublicAzureChannel, CallerAppId: null, FailureReason: null);
    }

    private BotAuthenticationResult CheckEmulator(JsonWebToken token, ClaimsIdentity identity, string? serviceUrl)
    {
        var appId = Claim(token, "ver") switch
        {
            "1.0" => Claim(token, "appid"),
            "2.0" => Claim(token, "azp"),
            null => null,
            _ => null,
        };
        if (appId is null)
        {
            return BotAuthenticationResult.Fail("Emulator token without a known ver and its app id claim");
        }
        if (appId != Settings.MicrosoftAppId)
        {
            return BotAuthenticationResult.Fail("Emulator token for another app");
        }
        // Its token names no serviceUrl, and the Emulator runs beside the bot: replies go back to this machine only.
        return string.IsNullOrEmpty(serviceUrl) || (Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && uri.IsLoopback)
            ? new BotAuthenticationResult(true, identity, CallerIds.PublicAzureChannel, appId, FailureReason: null)
            : BotAuthenticationResult.Fail("Emulator token with a serviceUrl off loopback");
    }

    private BotAuthenticationResult CheckSkill(JsonWebToken token, ClaimsIdentity identity, string? serviceUrl)
    {
        if (!token.Audiences.Contains(Settings.MicrosoftAppId, StringComparer.Ordinal))
        {
            return BotAuthenticationResult.Fail("skill token addressed to another bot");
        }
        var caller = CallerAppId(token)!;
        if (!SkillCallers.IsAllowed(caller, Settings))
        {
            return BotAuthenticationResult.Fail($"bot '{caller}' is not in Bot:AllowedCallers");
        }
        // The token proves which bot called, not where the replies (with a token for that bot) may go.
        if (!string.IsNullOrEmpty(serviceUrl)
            && !(Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url) && string.Equals(SkillCallers.CallerAt(url, Settings), caller, StringComparison.OrdinalIgnoreCase)))
        {
            return BotAuthenticationResult.Refuse(
                $"bot '{caller}' named a serviceUrl outside its entry in Bot:SkillHostEndpoints",
                $"The serviceUrl is not under the skill host endpoint configured for caller '{caller}' (Bot:SkillHostEndpoints); replies are only sent there.");
        }
        return new BotAuthenticationResult(true, identity, CallerIds.BotToBotPrefix + caller, caller, FailureReason: null);
    }

    private bool WithinLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } exp && now <= exp + ClockSkew && (notBefore is not { } nbf || now >= nbf - ClockSkew);
    }

    private static string? CallerAppId(JsonWebToken token)
        => Claim(token, "ver") == "2.0" ? Claim(token, "azp") : Claim(token, "appid") ?? Claim(token, "azp");

    private static string? Claim(JsonWebToken token, string type)
        => token.TryGetPayloadValue<string>(type, out var value) ? value : null;
}
