using Microsoft.Extensions.Options;

namespace SupportBot.Handoff;

/// SLA targets against a handoff's times, from its queueing: first response (the first agent reply) and resolution.
/// Only handoffs people can still act on count: a cancelled conversation or a left message misses no target.
internal sealed class SlaClock(IOptions<SlaOptions> options)
{
    public const string FirstResponse = "first_response";
    public const string Resolution = "resolution";
    public const string Ok = "ok";
    public const string Warning = "warning";
    public const string Breached = "breached";

    /// Where the open handoff stands against its nearest target now, or null when its queue has none.
    public SlaView? Of(HandoffRecord handoff, DateTimeOffset now)
    {
        if (handoff.State is not (HandoffStates.Queued or HandoffStates.WithAgent))
        {
            return null;
        }
        var (firstResponse, resolution) = options.Value.For(handoff.Queue);
        var (target, minutes) = handoff.FirstReplyAt is null && firstResponse > 0 ? (FirstResponse, firstResponse) : (Resolution, resolution);
        if (minutes <= 0)
        {
            return null;
        }
        var targetSeconds = minutes * 60;
        var warnSeconds = targetSeconds * options.Value.WarnAtPercent / 100;
        var elapsed = (now - handoff.QueuedAt).TotalSeconds;
        return new SlaView(target, targetSeconds, warnSeconds, elapsed, elapsed >= targetSeconds ? Breached : elapsed >= warnSeconds ? Warning : Ok);
    }

    /// The targets the handoff has missed by now, and when each was missed.
    public IEnumerable<(string Target, DateTimeOffset At)> Breaches(HandoffRecord handoff, DateTimeOffset now)
    {
        if (handoff.State is not (HandoffStates.Queued or HandoffStates.WithAgent or HandoffStates.Resolved))
        {
            yield break;
        }
        var (firstResponse, resolution) = options.Value.For(handoff.Queue);
        var end = handoff.ClosedAt ?? now;
        if (firstResponse > 0 && Missed(handoff.QueuedAt, handoff.FirstReplyAt ?? end, firstResponse) is { } missedFirst)
        {
            yield return (FirstResponse, missedFirst);
        }
        if (resolution > 0 && Missed(handoff.QueuedAt, end, resolution) is { } missedResolution)
        {
            yield return (Resolution, missedResolution);
        }
    }

    private static DateTimeOffset? Missed(DateTimeOffset from, DateTimeOffset to, double minutes)
        => to - from > TimeSpan.FromMinutes(minutes) ? from + TimeSpan.FromMinutes(minutes) : null;
}

/// An open handoff against its nearest SLA target: the console ticks ElapsedSeconds on from when it read it.
internal sealed record SlaView(string Target, double TargetSeconds, double WarnSeconds, double ElapsedSeconds, string State);
