using SupportBot.Customers;

namespace SupportBot.Touchpoints.External;

/// A touchpoint another system reports: a purchase, an order, a help-desk ticket, a call... The customer is
/// named by `customerId` and any further identities of the same person; all of them resolve to one customer.
internal sealed record ExternalTouchpoint
{
    public required IReadOnlyList<CustomerReference> Customer { get; init; }
    public required string Kind { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public required string Source { get; init; }
    public string? Summary { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }

    /// Free-form attributes as a JSON object.
    public string? Attributes { get; init; }

    /// What makes a re-sent touchpoint the same one: the source's own id when given, else the content's hash.
    public required string ExternalKey { get; init; }
}
