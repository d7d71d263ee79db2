using SupportBot.Limits;

namespace SupportBot.Channels.DirectLine;

/// Limits counted once the caller is known, so that nobody who merely knows a conversation's id can spend its
/// allowance: a conversation's posts count only for a caller its token (or the secret) admits, and a request refused
/// for its credential counts against the caller's address instead.
internal sealed partial class DirectLineChannel
{
    // Past the address's allowance the refusal itself becomes a 429: guessing tokens or ids gets slower, not free.
    private async Task<IResult> RefusedAsync(HttpContext context, IResult refusal)
    {
        var decision = await limits.TryAcquireAsync(limits.UnauthorizedRequests, RatePartitions.ClientAddress(context));
        return decision.Allowed ? refusal : LimitProblems.TooManyRequests(context, decision.RetryAfter, limits.UnauthorizedRequests.Name);
    }

    private async Task<IResult?> TakeActivityPermitAsync(HttpContext context, string conversationId)
    {
        var decision = await limits.TryAcquireAsync(limits.DirectLineActivities, conversationId);
        return decision.Allowed ? null : LimitProblems.TooManyRequests(context, decision.RetryAfter, limits.DirectLineActivities.Name);
    }
}
