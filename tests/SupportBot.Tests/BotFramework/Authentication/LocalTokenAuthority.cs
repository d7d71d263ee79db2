using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.BotFramework.Authentication;

/// A stand-in for Bot Framework's and Entra ID's token authorities on loopback: OpenID metadata and a JWKS
/// with RSA keys (Bot Framework style, with channel endorsements), and a minter for the tokens they issue.
/// Real validation code runs against it unchanged; only the URLs differ.
public sealed class LocalTokenAuthority : IAsyncDisposable
{
    public const string ChannelIssuer = "https://api.botframework.com";
    private readonly WebApplication _app;
    private readonly List<(RsaSecurityKey Key, string[] Endorsements)> _published = [];

    private LocalTokenAuthority(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public string ChannelMetadataUrl => $"{BaseUrl}/v1/.well-known/openidconfiguration";

    public string EmulatorMetadataUrl => $"{BaseUrl}/common/v2.0/.well-known/openid-configuration";

    /// The key published first, endorsed for msteams, webchat, directline and emulator.
    public RsaSecurityKey ChannelKey { get; private set; } = null!;

    /// When false the metadata endpoints answer 503, as an outage would.
    public bool Up { get; set; } = true;

    public int MetadataRequests { get; private set; }

    public static async Task<LocalTokenAuthority> StartAsync()
    {
        var app = LoopbackWebApp.Create();
        var authority = new LocalTokenAuthority(app);
        app.MapGet("/v1/.well-known/openidconfiguration", authority.Metadata);
        app.MapGet("/common/v2.0/.well-known/openid-configuration", authority.Metadata);
        app.MapGet("/keys", authority.Keys);
        authority.BaseUrl = await app.StartOnLoopbackAsync();
        authority.ChannelKey = authority.Publish(["msteams", "webchat", "directline", "emulator"]);
        return authority;
    }

    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

    /// Adds a key to the JWKS (key rotation) and returns it.
    public RsaSecurityKey Publish(string[] endorsements, RsaSecurityKey? key = null)
    {
        key ??= NewKey();
        _published.Add((key, endorsements));
        return key;
    }

    public string CreateChannelToken(string audience, string? serviceUrl, RsaSecurityKey? key = null, string issuer = ChannelIssuer,
        DateTime? expires = null, DateTime? notBefore = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var claims = new Dictionary<string, object>();
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }
        return Create(issuer, audience, claims, key ?? ChannelKey, expires, notBefore, algorithm);
    }

    /// An Entra token as the Emulator or a calling bot presents it: ver 1.0 carries appid, 2.0 azp.
    public string CreateEntraToken(string audience, string appId, string version, string tenant, RsaSecurityKey? key = null)
    {
        var issuer = version == "2.0" ? $"https://login.microsoftonline.com/{tenant}/v2.0" : $"https://sts.windows.net/{tenant}/";
        var claims = new Dictionary<string, object> { ["ver"] = version, ["tid"] = tenant, [version == "2.0" ? "azp" : "appid"] = appId };
        return Create(issuer, audience, claims, key ?? ChannelKey, expires: null, notBefore: null, SecurityAlgorithms.RsaSha256);
    }

    public static string Create(string issuer, string audience, Dictionary<string, object> claims, SecurityKey key, DateTime? expires, DateTime? notBefore, string algorithm)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var (key, _) in _published)
        {
            key.Rsa?.Dispose();
        }
    }

    private IResult Metadata(HttpContext context)
    {
        MetadataRequests++;
        return Up
            ? Results.Json(new JsonObject { ["issuer"] = ChannelIssuer, ["jwks_uri"] = $"{BaseUrl}/keys", ["id_token_signing_alg_values_supported"] = new JsonArray("RS256") })
            : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
    }

    private IResult Keys(HttpContext context)
    {
        if (!Up)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        var keys = new JsonArray();
        foreach (var (key, endorsements) in _published)
        {
            var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
            var jwk = new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
            if (endorsements.Length > 0)
            {
                jwk["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]);
            }
            keys.Add(jwk);
        }
        return Results.Json(new JsonObject { ["keys"] = keys });
    }
}
