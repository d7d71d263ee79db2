namespace SupportBot.Customers;

/// Who a customer proved to be by signing in (Teams single sign-on): the Entra ID object id of the token the Bot
/// Framework Token Service returned, with the e-mail (or UPN) and name in it.
internal sealed record VerifiedIdentity(string ObjectId, string? TenantId, string? Email, string? Name, string Channel, DateTimeOffset VerifiedAt)
{
    /// How agents see it: "Ana Putri <ana@contoso.com>", or whichever of the two is known.
    public string Display => (Name, Email) switch
    {
        ({ Length: > 0 } name, { Length: > 0 } email) => $"{name} <{email}>",
        ({ Length: > 0 } name, _) => name,
        (_, { Length: > 0 } email) => email,
        _ => ObjectId,
    };
}
