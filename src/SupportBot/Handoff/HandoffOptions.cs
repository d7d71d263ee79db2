using System.ComponentModel.DataAnnotations;

namespace SupportBot.Handoff;

internal sealed class HandoffOptions : IValidatableObject
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

    /// When people answer; outside them an escalation takes a message instead of queueing.
    public BusinessHours Hours { get; set; } = new();

    /// "console": agents take conversations in SupportBot's own console. "external": the bot emits the Bot
    /// Framework handoff.initiate event (with the transcript) for a contact-centre connected to the channel, and
    /// stays out of the conversation until the centre's handoff.status says it is completed or failed.
    [RegularExpression("^(console|external)$")]
    public string Mode { get; set; } = "console";

    public bool IsExternal => Mode == "external";

    /// In external mode, the channels whose activities on /api/messages, authenticated by the channel's token, may
    /// carry the contact-centre's handoff.status (see ContactCentre). Only channels whose customers cannot post
    /// events of their own belong here: through Azure's Direct Line and Web Chat the customer's page writes the
    /// activity. A centre on SupportBot's own Direct Line posts with the secret and from.role "contactCentre".
    public List<string> ContactCentreChannels { get; set; } = [];

    public IReadOnlyList<string> AllQueues => [.. Queues.Prepend(DefaultQueue).Distinct(StringComparer.Ordinal)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Hours.Validate(validationContext);
}
