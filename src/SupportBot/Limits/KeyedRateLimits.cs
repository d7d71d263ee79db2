using Microsoft.Extensions.Options;

namespace SupportBot.Limits;

/// Limits whose key is only known once the body is read or the caller authenticated (the account a sign-in names,
/// the conversation an /api/messages activity belongs to, the Direct Line conversation a token admits), so the
/// rate-limiting middleware cannot apply them. They count where every limit counts (RateCounts: Redis when configured).
internal sealed class KeyedRateLimits(IOptions<LimitsOptions> options, RateCounts counts)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// Failed console sign-ins per account.
    public RateLimit AccountSignIns { get; } =
        new("failed-signins-per-account", options.Value.FailedSignInsPerAccount, TimeSpan.FromMinutes(options.Value.SignInAccountWindowMinutes));

    public RateLimit ConversationActivities { get; } =
        new("bot-conversation-activities", options.Value.ActivitiesPerConversationPerMinute, Minute);

    /// Activities and uploads posted to one Direct Line conversation by callers its token (or the secret) admits.
    public RateLimit DirectLineActivities { get; } = new("conversation-activities", options.Value.ActivitiesPerConversationPerMinute, Minute);

    /// Direct Line requests refused for their credential, per client address.
    public RateLimit UnauthorizedRequests { get; } = new("unauthorized-requests", options.Value.UnauthorizedRequestsPerClientPerMinute, Minute);

    /// Whether the key may go on; otherwise how long until it may. Zero permits only asks whether any are left.
    public ValueTask<RateDecision> TryAcquireAsync(RateLimit limit, string key, int permits = 1) => counts.TakeAsync(limit, key, permits);

    /// One permit unless a mark refuses the request first (RateCounts.TakeUnlessMarkedAsync); null: not asked in Redis.
    public ValueTask<RateDecision?> TryAcquireUnlessMarkedAsync(RateLimit limit, string key, IReadOnlyList<RateMark> marks) => counts.TakeUnlessMarkedAsync(limit, key, marks);
}
