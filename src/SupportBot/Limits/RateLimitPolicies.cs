namespace SupportBot.Limits;

/// Names of the rate-limiting policies endpoints opt into with RequireRateLimiting.
internal static class RateLimitPolicies
{
    /// Direct Line tokens, refreshes and conversation starts, per client address.
    public const string Tokens = "tokens";

    /// Console sign-in attempts, per client address (the per-account count is KeyedRateLimits.AccountSignIns).
    public const string SignIn = "signin";
}
