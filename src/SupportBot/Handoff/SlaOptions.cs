using System.ComponentModel.DataAnnotations;

namespace SupportBot.Handoff;

/// The `Sla` section: targets for the time from queueing to the first agent reply and to resolution, per queue
/// (Queues:<name>) or for all; 0 is no target. Consoles warn at WarnAtPercent of a target; breaches are recorded.
internal sealed class SlaOptions
{
    public const string Section = "Sla";

    [Range(0, 7 * 24 * 60)]
    public double FirstResponseMinutes { get; set; }

    [Range(0, 30 * 24 * 60)]
    public double ResolutionMinutes { get; set; }

    [Range(1, 99)]
    public int WarnAtPercent { get; set; } = 80;

    public Dictionary<string, SlaTargets> Queues { get; set; } = new(StringComparer.Ordinal);

    public (double FirstResponseMinutes, double ResolutionMinutes) For(string queue)
        => Queues.TryGetValue(queue, out var q)
            ? (q.FirstResponseMinutes ?? FirstResponseMinutes, q.ResolutionMinutes ?? ResolutionMinutes)
            : (FirstResponseMinutes, ResolutionMinutes);
}

internal sealed class SlaTargets
{
    public double? FirstResponseMinutes { get; set; }
    public double? ResolutionMinutes { get; set; }
}
