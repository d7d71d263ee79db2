using System.Text.RegularExpressions;

namespace SupportBot.Handoff;

/// The e-mail addresses and phone numbers a customer leaves with a message, so the team can reply there.
internal static partial class ContactDetails
{
    public static string? Find(string text)
    {
        var found = Emails(text).Concat(Phones(text)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return found.Count == 0 ? null : string.Join(", ", found);
    }

    public static IEnumerable<string> Emails(string text) => Email().Matches(text).Select(m => m.Value);

    public static IEnumerable<string> Phones(string text) => Phone().Matches(text).Select(m => m.Value.Trim()).Where(p => p.Count(char.IsDigit) >= 9);

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"\+?\d[\d\s().-]{7,}\d")]
    private static partial Regex Phone();
}
