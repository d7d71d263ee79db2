using System.ComponentModel.DataAnnotations;
using System.Text;

namespace SupportBot.Channels.DirectLine;

internal sealed class DirectLineOptions : IValidatableObject
{
    public const string Section = "DirectLine";

    /// Anyone can get a token and try keys against it offline: an HMAC-SHA256 key needs the hash's 256 bits.
    public const int MinSigningKeyBytes = 32;

    /// The secret is compared as given, so its length is its strength: 32 random characters or more.
    public const int MinSecretLength = 32;

    /// Server-to-server secret for tokens/generate and conversations; empty disables secret access.
    public string Secret { get; set; } = string.Empty;

    /// HMAC key for the tokens this host issues. Empty: a random key is created once and kept under data/.
    public string TokenSigningKey { get; set; } = string.Empty;

    [Range(60, 86400)]
    public int TokenLifetimeSeconds { get; set; } = 1800;

    /// Largest activity body accepted; larger posts get 413.
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxActivityBytes { get; set; } = 256 * 1024;

    /// Largest upload (all files of one message together), in bytes; larger uploads get 413.
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxUploadBytes { get; set; } = 4 * 1024 * 1024;

    /// Most files one upload may carry.
    [Range(1, 50)]
    public int MaxUploadFiles { get; set; } = 10;

    /// Files one conversation may keep uploaded; past it an upload is refused with 413.
    [Range(1, 100_000)]
    public int MaxUploadsPerConversation { get; set; } = 20;

    /// Bytes of uploads one conversation may keep, all its files together; past it an upload is refused with 413.
    [Range(1024, int.MaxValue)]
    public int MaxUploadBytesPerConversation { get; set; } = 20 * 1024 * 1024;

    /// Files one customer (Direct Line user id) may upload a day (UTC), across conversations; past it 429.
    [Range(1, 100_000)]
    public int MaxUploadsPerCustomerPerDay { get; set; } = 50;

    /// Bytes one customer may upload a day (UTC), across conversations; past it 429 until the next day.
    [Range(1024, int.MaxValue)]
    public int MaxUploadBytesPerCustomerPerDay { get; set; } = 50 * 1024 * 1024;

    /// Longest message text accepted, in characters.
    [Range(1, 1_000_000)]
    public int MaxTextLength { get; set; } = 8000;

    /// How often the WebSocket stream sends an empty keep-alive frame, as the service does.
    [Range(1, 300)]
    public int KeepAliveSeconds { get; set; } = 15;

    /// With several instances: how often the streams held here are checked against the store for activities whose
    /// notice never came (an instance that died between storing an activity and telling the others).
    [Range(1, 3600)]
    public int StreamCatchUpSeconds { get; set; } = 10;

    /// Conversations idle this long leave the in-memory cache (they stay in the store).
    [Range(1, 1440)]
    public int CacheIdleMinutes { get; set; } = 30;

    [Required]
    public string BotId { get; set; } = "supportbot";

    [Required]
    public string BotName { get; set; } = "SupportBot";

    /// Sites (https://shop.example.com) whose pages may ask /api/directline/token for a token; the tokens then work
    /// from those sites and this host only. Empty: only this host's own pages get tokens from the browser.
    public List<string> TrustedOrigins { get; set; } = [];

    /// The host site's signed user tokens, which make a signed-in customer's id the Direct Line user id.
    public UserTokenOptions UserTokens { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The values themselves never appear in the message: it is logged when the host refuses to start.
        if (TokenSigningKey.Length > 0 && Encoding.UTF8.GetByteCount(TokenSigningKey) < MinSigningKeyBytes)
        {
            yield return new ValidationResult(
                $"DirectLine:TokenSigningKey must be at least {MinSigningKeyBytes} bytes (256 bits) of random text, such as the output of "
                + "'openssl rand -base64 48'; or leave it empty to have a random key created under data/.");
        }
        if (Secret.Length > 0 && Secret.Length < MinSecretLength)
        {
            yield return new ValidationResult(
                $"DirectLine:Secret must be at least {MinSecretLength} characters of random text, such as the output of "
                + "'openssl rand -base64 48'; or leave it empty to turn secret access off.");
        }
        foreach (var origin in TrustedOrigins.Where(o => Origins.Normalize(o) is null))
        {
            yield return new ValidationResult($"DirectLine:TrustedOrigins: '{origin}' is not an origin such as https://shop.example.com.");
        }
        foreach (var problem in UserTokens.Problems())
        {
            yield return new ValidationResult($"DirectLine:UserTokens: {problem}");
        }
    }
}
