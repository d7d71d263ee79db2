namespace SupportBot.Limits;

/// Names of the rate-limiting policies endpoints opt into with RequireRateLimiting.
internal static class RateLimitPolicies
{
    /// Direct Line tokens, refreshes and conversation starts, per client address.
    public const string Tokens = "tokens";

    /// Activities and uploads posted to one Direct Line conversation.
    public const string ConversationActivities = "conversation-activities";

    /// Console sign-in attempts, per client address (the per-account count is KeyedRateLimits.AccountSignIns).
    public const string SignIn = "signin";
}
