using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.Tests.Channels;

/// What a host site's backend does for its signed-in customers: signs a short-lived user token, with the shared
/// HS256 key or its RSA private key, for SupportBot to trust as the customer's id.
public sealed class SiteUserTokens : IDisposable
{
    public const string SharedKey = "the-shop-and-supportbot-share-this-32+-char-key";
    public const string Issuer = "https://shop.example.com";
    public const string Audience = "supportbot";
    private readonly RSA _rsa = RSA.Create(2048);

    public string PublicKeyPem => _rsa.ExportSubjectPublicKeyInfoPem();

    /// The host settings that trust this site's tokens.
    public void Configure(IDictionary<string, string?> settings)
    {
        settings["DirectLine:UserTokens:SigningKey"] = SharedKey;
        settings["DirectLine:UserTokens:PublicKey"] = PublicKeyPem;
        settings["DirectLine:UserTokens:Issuer"] = Issuer;
        settings["DirectLine:UserTokens:Audience"] = Audience;
    }

    public static string Hs256(string subject, string? name = null, DateTimeOffset? expires = null, string issuer = Issuer, string audience = Audience, string key = SharedKey)
        => Sign(new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256), subject, name, expires, issuer, audience);

    public string Rs256(string subject, string? name = null, RSA? privateKey = null, DateTimeOffset? expires = null)
        => Sign(new SigningCredentials(new RsaSecurityKey(privateKey ?? _rsa), SecurityAlgorithms.RsaSha256), subject, name, expires, Issuer, Audience);

    private static string Sign(SigningCredentials credentials, string subject, string? name, DateTimeOffset? expires, string issuer, string audience)
    {
        var claims = new List<Claim> { new("sub", subject) };
        if (name is not null)
        {
            claims.Add(new Claim("name", name));
        }
        var until = expires ?? DateTimeOffset.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = issuer,
            Audience = audience,
            IssuedAt = until.AddMinutes(-20).UtcDateTime,
            NotBefore = until.AddMinutes(-20).UtcDateTime,
            Expires = until.UtcDateTime,
            SigningCredentials = credentials,
        });
    }

    public void Dispose() => _rsa.Dispose();
}
