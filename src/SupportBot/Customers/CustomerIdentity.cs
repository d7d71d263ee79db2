using System.Text.RegularExpressions;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Customers;

/// One way of recognising a customer: a kind (a channel such as "directline" or "msteams", or "aad", "email",
/// "crm", "phone"...) and the id it knows them by. Written "kind:value", e.g. "email:ana@example.com".
internal sealed partial record CustomerIdentity(string Kind, string Value)
{
    public const string Aad = "aad";
    public const string Email = "email";
    public const int MaxValueLength = 256;

    public override string ToString() => $"{Kind}:{Value}";

    /// Who sent an activity. Teams names a person by their Entra ID (AAD) object id, the same in every chat and
    /// team; other channels by their user id (for a signed-in site visitor, the subject of the site's token).
    public static CustomerIdentity? From(Activity activity, ChannelAccount? account = null)
    {
        account ??= activity.From;
        if (account?.AadObjectId is { Length: > 0 } aad)
        {
            return new CustomerIdentity(Aad, aad.ToLowerInvariant());
        }
        return account?.Id is { Length: > 0 } id ? new CustomerIdentity(activity.ChannelId ?? "unknown", id) : null;
    }

    /// Reads "kind:value"; null with the reason when it is not one. E-mail addresses compare without case.
    public static CustomerIdentity? TryParse(string? text, out string? problem)
    {
        problem = null;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0 || !KindPattern().IsMatch(text[..colon]))
        {
            problem = "An identity is written kind:value (e.g. email:ana@example.com, crm:C-1001), the kind in lower-case letters, digits and _.";
            return null;
        }
        var kind = text[..colon];
        var value = text[(colon + 1)..].Trim();
        if (value.Length == 0 || value.Length > MaxValueLength)
        {
            problem = $"The {kind} identity needs a value of 1 to {MaxValueLength} characters.";
            return null;
        }
        if (kind == Email)
        {
            if (!value.Contains('@', StringComparison.Ordinal))
            {
                problem = $"'{value}' is not an e-mail address.";
                return null;
            }
            value = value.ToLowerInvariant();
        }
        return new CustomerIdentity(kind, value);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,31}$")]
    private static partial Regex KindPattern();
}
