using System.Text.RegularExpressions;

namespace SupportBot.Answering;

/// Masks e-mail addresses, payment card numbers and phone numbers in everything sent to a language model (the
/// message and the earlier turns). A card number is only masked when its digits pass the Luhn check, so order numbers stay readable.
internal static partial class PersonalData
{
    public const string EmailMask = "[email]";
    public const string CardMask = "[card number]";
    public const string PhoneMask = "[phone]";

    public static string Redact(string text)
    {
        var redacted = Email().Replace(text, EmailMask);
        redacted = CardNumber().Replace(redacted, m => PassesLuhn(m.Value) ? CardMask : m.Value);
        return Phone().Replace(redacted, m => m.Value.Count(char.IsAsciiDigit) >= 9 ? PhoneMask : m.Value);
    }

    private static bool PassesLuhn(string candidate)
    {
        var digits = candidate.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        if (digits.Length is < 13 or > 19)
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i];
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")]
    private static partial Regex CardNumber();

    // International or local numbers with the usual separators; dates and order references have fewer digits.
    [GeneratedRegex(@"(?<![\w-])\+?\(?\d[\d ().-]{6,}\d(?![\w-])")]
    private static partial Regex Phone();
}
