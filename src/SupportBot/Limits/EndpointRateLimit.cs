using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SupportBot.Limits;

/// The limit an endpoint opts into with RequireRateLimiting (RateLimitPolicies), counted by RateCounts like every
/// other limit (in Redis when configured), refused with a 429 problem. This replaces ASP.NET Core's rate-limiting
/// middleware, which kept a limiter object per key and visited every one of them ten times a second.
internal sealed class EndpointRateLimit(RequestDelegate next, RateCounts counts, IOptions<LimitsOptions> options)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public async Task InvokeAsync(HttpContext context)
    {
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        if (policy is not null)
        {
            var (permits, key) = Limit(policy, context);
            var decision = await counts.TakeAsync(new RateLimit(policy, permits, Minute), key);
            if (!decision.Allowed)
            {
                await LimitProblems.TooManyRequests(context, decision.RetryAfter, policy).ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }

    // Per minute: how many requests, and who shares the count.
    private (int Permits, string Key) Limit(string policy, HttpContext context)
    {
        var limits = options.Value;
        return policy switch
        {
            RateLimitPolicies.Tokens => (limits.TokensPerClientPerMinute, RatePartitions.ClientAddress(context)),
            RateLimitPolicies.SignIn => (limits.SignInsPerClientPerMinute, RatePartitions.ClientAddress(context)),
            _ => throw new InvalidOperationException($"No rate limit is defined for the policy '{policy}'."),
        };
    }
}
