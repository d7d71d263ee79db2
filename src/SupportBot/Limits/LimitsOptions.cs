using System.ComponentModel.DataAnnotations;

namespace SupportBot.Limits;

/// The `Limits` section: how much one request, one client and one conversation may ask of the host. Each breach is a
/// 413 or 429 problem (429 with Retry-After) and a log line. Channel-specific sizes stay with their channel
/// (DirectLine:MaxActivityBytes, Bot:MaxActivityBytes...).
internal sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// Largest request body any endpoint accepts unless it declares its own limit (Direct Line uploads do).
    [Range(1024, 256 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// Direct Line tokens (and token refreshes, conversation starts) one client address may get per minute.
    [Range(1, 100_000)]
    public int TokensPerClientPerMinute { get; set; } = 60;

    /// Activities (messages, typing, uploads) one conversation may post per minute, on every channel. On Direct Line
    /// only requests with a credential for the conversation count (a token of it, or the secret).
    [Range(1, 100_000)]
    public int ActivitiesPerConversationPerMinute { get; set; } = 60;

    /// Direct Line conversation requests one client address may have refused for their credential (none, forged,
    /// expired, revoked, another conversation's token) per minute; past it, 429.
    [Range(1, 100_000)]
    public int UnauthorizedRequestsPerClientPerMinute { get; set; } = 30;

    /// Console sign-in attempts one client address may make per minute.
    [Range(1, 10_000)]
    public int SignInsPerClientPerMinute { get; set; } = 20;

    /// Failed sign-ins one console account may have per window, from any address (brute-force protection).
    [Range(1, 10_000)]
    public int FailedSignInsPerAccount { get; set; } = 5;

    [Range(1, 1440)]
    public int SignInAccountWindowMinutes { get; set; } = 15;
}
