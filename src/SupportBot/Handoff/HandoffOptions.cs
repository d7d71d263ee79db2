using System.ComponentModel.DataAnnotations;

namespace SupportBot.Handoff;

internal sealed class HandoffOptions
{
    public const string Section = "Handoff";

    /// The queue an escalation enters.
    [Required]
    public string DefaultQueue { get; set; } = "support";

    /// Every queue agents can transfer a conversation to (the default one is always among them).
    public List<string> Queues { get; set; } = [];

    /// Minutes each customer ahead in the queue adds to the wait the customer is told, until enough
    /// conversations have been handled to measure it.
    [Range(1, 240)]
    public int MinutesPerCustomer { get; set; } = 5;

    public IReadOnlyList<string> AllQueues => [.. Queues.Prepend(DefaultQueue).Distinct(StringComparer.Ordinal)];
}
