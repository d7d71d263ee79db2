namespace SupportBot.Customers;

/// Who a customer is according to their channel's directory (in Teams, the roster's member record: name, e-mail,
/// user principal name). Not proved by a sign-in as VerifiedIdentity is, but stated by the channel, not the customer.
internal sealed record CustomerProfile(
    string AccountId, string Channel, string? AadObjectId, string? TenantId, string? Name, string? Email, string? Upn, DateTimeOffset LookedUpAt)
{
    /// How agents see it: "Megan Bowen <meganb@contoso.com>", the UPN added when it differs from the e-mail.
    public string Display
    {
        get
        {
            var mail = Email is { Length: > 0 } ? Email : Upn;
            var named = (Name, mail) switch
            {
                ({ Length: > 0 } name, { Length: > 0 } m) => $"{name} <{m}>",
                ({ Length: > 0 } name, _) => name,
                (_, { Length: > 0 } m) => m,
                _ => AccountId,
            };
            return Upn is { Length: > 0 } upn && !string.Equals(upn, mail, StringComparison.OrdinalIgnoreCase) ? $"{named} (UPN {upn})" : named;
        }
    }
}

/// Finds a customer's directory profile through their channel (Channels/Teams implements it for Teams). Never throws
/// for the channel's failures: a lookup that fails is logged and yields null, and the turn goes on.
internal interface ICustomerProfileLookup
{
    /// A customer seen for the first time: their profile is looked up in the background, once.
    void FirstSeen(BotFramework.Schema.Activity activity, string customerId);

    /// The stored profile, or one looked up now (within a bounded time) when none is stored; null when the channel
    /// has no directory or the lookup failed.
    Task<CustomerProfile?> FindOrLookUpAsync(BotFramework.Schema.Activity activity, string customerId, CancellationToken cancellationToken);
}
