namespace SupportBot.Channels.DirectLine;

/// How the host site signs the user tokens it hands its pages: a shared HS256 key, an RS256 public key, or both.
internal sealed class UserTokenOptions
{
    /// Shared secret for HS256 tokens, at least 32 characters. Empty: HS256 tokens are refused.
    public string SigningKey { get; set; } = string.Empty;

    /// RSA public key for RS256 tokens: PEM text, a JWK (JSON), or the path of a file holding either.
    public string PublicKey { get; set; } = string.Empty;

    /// The iss and aud every user token must carry; both are required once a key is set.
    public string Issuer { get; set; } = string.Empty;

    public string Audience { get; set; } = string.Empty;

    /// The claim holding the customer's id, and the one holding the name shown to agents.
    public string UserIdClaim { get; set; } = "sub";

    public string NameClaim { get; set; } = "name";

    /// Refuse anonymous visitors: the page token endpoint then gives tokens only for a valid user token.
    public bool Required { get; set; }

    public bool Enabled => SigningKey.Length > 0 || PublicKey.Length > 0;

    public IEnumerable<string> Problems()
    {
        if (SigningKey.Length is > 0 and < 32)
        {
            yield return "SigningKey must be at least 32 characters (HS256 needs a 256-bit key).";
        }
        if (Enabled && (Issuer.Length == 0 || Audience.Length == 0))
        {
            yield return "Issuer and Audience are required when a signing key or public key is set.";
        }
        if (Required && !Enabled)
        {
            yield return "Required needs a SigningKey or PublicKey.";
        }
        if (string.IsNullOrWhiteSpace(UserIdClaim))
        {
            yield return "UserIdClaim must name a claim.";
        }
    }
}
