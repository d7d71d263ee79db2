using System.ComponentModel.DataAnnotations;

namespace SupportBot.Handoff;

/// The `Routing` section: how queued conversations reach agents. "manual": agents claim them (the default).
/// "roundRobin": each is assigned to the available agent with a free seat who waited longest since their last
/// assignment; when nobody has a seat it waits, and is assigned when one frees.
internal sealed class RoutingOptions : IValidatableObject
{
    public const string Section = "Routing";
    public const string Manual = "manual";
    public const string RoundRobin = "roundRobin";

    /// The mode of every queue not named under Queues.
    public string Mode { get; set; } = Manual;

    /// Per queue: its own mode, and the agents who take it (empty: everyone).
    public Dictionary<string, QueueRouting> Queues { get; set; } = new(StringComparer.Ordinal);

    /// How many conversations an agent holds at once before round robin passes them by; supervisors override it per agent.
    [Range(1, 100)]
    public int DefaultCapacity { get; set; } = 3;

    /// Minutes without console activity (a click, a key, a change through the API) after which an agent counts as away.
    [Range(1, 24 * 60)]
    public int IdleMinutes { get; set; } = 10;

    /// How often every instance looks for waiting conversations to assign, besides when something frees a seat here.
    [Range(1, 3600)]
    public int SweepSeconds { get; set; } = 15;

    public string ModeOf(string queue) => Queues.TryGetValue(queue, out var q) && !string.IsNullOrEmpty(q.Mode) ? q.Mode : Mode;

    public bool Takes(string agentId, string queue)
        => !Queues.TryGetValue(queue, out var q) || q.Agents.Count == 0 || q.Agents.Contains(agentId, StringComparer.OrdinalIgnoreCase);

    public bool AnyRoundRobin => Mode == RoundRobin || Queues.Values.Any(q => q.Mode == RoundRobin);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, mode) in Queues.Select(q => (q.Key, q.Value.Mode)).Prepend(("(all)", Mode)))
        {
            if (mode is not (null or "" or Manual or RoundRobin))
            {
                yield return new ValidationResult($"Routing mode '{mode}' of queue {name} must be '{Manual}' or '{RoundRobin}'.", [nameof(Mode)]);
            }
        }
    }
}

internal sealed class QueueRouting
{
    public string? Mode { get; set; }
    public List<string> Agents { get; set; } = [];
}
