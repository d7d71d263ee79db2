namespace SupportBot.Customers;

/// How callers name a customer: SupportBot's own customer id ("cus_…") or one of the customer's identities
/// ("email:ana@example.com").
internal sealed record CustomerReference(string? CustomerId, CustomerIdentity? Identity)
{
    public const string IdPrefix = "cus_";

    public static string NewId() => IdPrefix + Guid.NewGuid().ToString("N");

    public static CustomerReference? TryParse(string? text, out string? problem)
    {
        problem = null;
        if (text is null)
        {
            problem = "A customer is named by its id (cus_…) or an identity (kind:value).";
            return null;
        }
        text = text.Trim();
        if (text.StartsWith(IdPrefix, StringComparison.Ordinal) && !text.Contains(':', StringComparison.Ordinal))
        {
            return new CustomerReference(text, null);
        }
        return CustomerIdentity.TryParse(text, out problem) is { } identity ? new CustomerReference(null, identity) : null;
    }

    public override string ToString() => CustomerId ?? Identity!.ToString();
}
