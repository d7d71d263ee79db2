using Microsoft.Extensions.Options;

namespace SupportBot.BotFramework.Connector;

/// Keeps the bot as a whole within Teams' global limit ("Optimize your bot with rate limiting in Teams": 50 requests
/// a second per app per tenant, sends, roster fetches and every other connector call alike), on top of the
/// per-conversation pacing. Counted per bot rather than per tenant, which is the stricter of the two: a bot that
/// serves one tenant sees no difference, one serving many waits a little sooner than it must.
///
/// This instance takes from a token bucket that holds a fifth of the limit and refills at four fifths a second, so
/// no second, however the bursts fall, holds more than the limit. With Redis the instances also share one budget
/// a second (ISharedSendBudget), so two instances do not each spend the whole of it.
public sealed class BotSendBudget(TimeProvider time, IOptions<ConnectorResilienceOptions> options, ISharedSendBudget? shared = null)
{
    private readonly Lock _gate = new();
    private double _tokens = double.NaN;
    private long _refilledAt;

    private int Limit => options.Value.GlobalSendsPerSecond;

    /// Waits until the bot may make one more connector call, and counts it. Does nothing with the limit off (0).
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        if (Limit <= 0)
        {
            return;
        }
        for (var wait = TryTake(); wait > TimeSpan.Zero; wait = TryTake())
        {
            await Task.Delay(wait, time, cancellationToken);
        }
        if (shared is null)
        {
            return;
        }
        for (var wait = await shared.TryTakeAsync(Limit, cancellationToken); wait > TimeSpan.Zero; wait = await shared.TryTakeAsync(Limit, cancellationToken))
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// Takes one call from this instance's bucket: zero when taken, else how long until one is there (nothing taken).
    public TimeSpan TryTake()
    {
        var limit = Limit;
        if (limit <= 0)
        {
            return TimeSpan.Zero;
        }
        var capacity = Math.Max(1.0, limit / 5.0);
        var perSecond = Math.Max(1.0, limit - capacity);
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _tokens = double.IsNaN(_tokens)
                ? capacity
                : Math.Min(capacity, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * perSecond));
            _refilledAt = now;
            if (_tokens >= 1.0)
            {
                _tokens -= 1.0;
                return TimeSpan.Zero;
            }
            // Rounded up to a whole tick so that, after waiting exactly this long, the token is there.
            return TimeSpan.FromTicks((long)Math.Ceiling((1.0 - _tokens) / perSecond * TimeSpan.TicksPerSecond));
        }
    }
}

/// The global budget shared by every instance of the bot (in Redis, when configured).
public interface ISharedSendBudget
{
    /// Takes one call from this second's shared budget of perSecond calls: zero when taken, else how long until the
    /// next second's budget (nothing taken). Zero too when there is nothing to share it with, or it cannot be reached.
    ValueTask<TimeSpan> TryTakeAsync(int perSecond, CancellationToken cancellationToken);
}
