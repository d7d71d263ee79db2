using System.ComponentModel.DataAnnotations;

namespace SupportBot.Channels.DirectLine;

internal sealed class DirectLineOptions
{
    public const string Section = "DirectLine";

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

    /// Longest message text accepted, in characters.
    [Range(1, 1_000_000)]
    public int MaxTextLength { get; set; } = 8000;

    /// How often the WebSocket stream sends an empty keep-alive frame, as the service does.
    [Range(1, 300)]
    public int KeepAliveSeconds { get; set; } = 15;

    /// Conversations idle this long leave the in-memory cache (they stay in the store).
    [Range(1, 1440)]
    public int CacheIdleMinutes { get; set; } = 30;

    [Required]
    public string BotId { get; set; } = "supportbot";

    [Required]
    public string BotName { get; set; } = "SupportBot";
}
