using SupportBot.BotFramework.Connector;
using SupportBot.Limits;

namespace SupportBot.Channels.BotFramework;

/// The bot's global connector budget counted where every limit counts (RateCounts): in Redis when configured, so
/// instances together keep to Teams' limit per bot. Without Redis each instance's own bucket (BotSendBudget) is
/// the whole of it, so nothing is counted here; while Redis does not answer, RateCounts counts on this instance.
internal sealed class SharedSendBudget(RateCounts counts) : ISharedSendBudget
{
    public async ValueTask<TimeSpan> TryTakeAsync(int perSecond, CancellationToken cancellationToken)
    {
        if (!counts.Shared)
        {
            return TimeSpan.Zero;
        }
        var decision = await counts.TakeAsync(new RateLimit("teams-connector", perSecond, TimeSpan.FromSeconds(1)), "bot");
        return decision.Allowed ? TimeSpan.Zero : decision.RetryAfter;
    }
}
