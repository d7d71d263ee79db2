using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace SupportBot.Handoff;

/// When people answer (`Handoff:Hours`). No days configured means always: a team that never closes, or one
/// that relies on "nobody online" alone.
internal sealed class BusinessHours : IValidatableObject
{
    /// An IANA or Windows time zone id, e.g. "Asia/Jakarta".
    public string TimeZone { get; set; } = "UTC";

    public List<DayOfWeek> Days { get; set; } = [];

    /// Opening and closing time of day, "HH:mm"; Close "24:00" is midnight at the end of the day.
    public string Open { get; set; } = "00:00";

    public string Close { get; set; } = "24:00";

    public bool IsOpen(DateTimeOffset now)
    {
        if (Days.Count == 0)
        {
            return true;
        }
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(TimeZone));
        return Days.Contains(local.DayOfWeek) && local.TimeOfDay >= Parse(Open) && local.TimeOfDay < Parse(Close);
    }

    /// "Monday–Friday, 09:00–17:00 (Asia/Jakarta)" in the customer's language.
    public string Describe(CultureInfo culture)
    {
        var days = Days.Distinct().OrderBy(d => ((int)d + 6) % 7).ToList(); // Monday first
        var names = culture.DateTimeFormat.DayNames;
        var contiguous = days.Count > 2 && days.Zip(days.Skip(1)).All(p => ((int)p.Second + 6) % 7 == ((int)p.First + 6) % 7 + 1);
        var dayText = contiguous ? $"{names[(int)days[0]]}–{names[(int)days[^1]]}" : string.Join(", ", days.Select(d => names[(int)d]));
        return $"{dayText}, {Open}–{Close} ({TimeZone})";
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"Handoff:Hours:TimeZone '{TimeZone}' is not a known time zone.", [nameof(TimeZone)]);
        }
        if (!TryParse(Open, out var open) || !TryParse(Close, out var close) || open >= close)
        {
            yield return new ValidationResult("Handoff:Hours:Open and Close must be HH:mm times with Open before Close.", [nameof(Open)]);
        }
    }

    private static TimeSpan Parse(string time) => TryParse(time, out var value) ? value : TimeSpan.Zero;

    private static bool TryParse(string time, out TimeSpan value)
    {
        if (time == "24:00")
        {
            value = TimeSpan.FromDays(1);
            return true;
        }
        return TimeSpan.TryParseExact(time, @"hh\:mm", CultureInfo.InvariantCulture, out value);
    }
}
