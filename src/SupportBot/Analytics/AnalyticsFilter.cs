using System.Globalization;
using System.Text.RegularExpressions;

namespace SupportBot.Analytics;

/// What a supervisor asks about: conversations that started in [From, To) (UTC), on one channel or all, in one
/// segment. Read from the query string (from, to, channel, segment); a bad value is a 400 problem, never a guess.
internal sealed partial record AnalyticsFilter(DateTimeOffset From, DateTimeOffset To, string? Channel, Segment Segment)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 731;

    /// Days (yyyy-MM-dd) are whole UTC days and `to` includes its day; timestamps with an offset are exact instants.
    public static bool TryParse(IQueryCollection query, DateTimeOffset now, out AnalyticsFilter filter, out string problem)
    {
        filter = new AnalyticsFilter(now, now, null, Segments.All);
        problem = string.Empty;
        var to = now.UtcDateTime.Date.AddDays(1);
        if (query["to"].ToString() is { Length: > 0 } toText)
        {
            if (ParseInstant(toText, endOfDay: true) is not { } parsedTo)
            {
                problem = $"'to' must be a date (yyyy-MM-dd) or an ISO 8601 timestamp with an offset, not '{toText}'.";
                return false;
            }
            to = parsedTo;
        }
        var from = to.AddDays(-DefaultDays);
        if (query["from"].ToString() is { Length: > 0 } fromText)
        {
            if (ParseInstant(fromText, endOfDay: false) is not { } parsedFrom)
            {
                problem = $"'from' must be a date (yyyy-MM-dd) or an ISO 8601 timestamp with an offset, not '{fromText}'.";
                return false;
            }
            from = parsedFrom;
        }
        if (from >= to)
        {
            problem = $"'from' ({from:O}) must come before 'to' ({to:O}).";
            return false;
        }
        if ((to - from).TotalDays > MaxDays)
        {
            problem = $"The range may span at most {MaxDays} days.";
            return false;
        }
        var channel = query["channel"].ToString() is { Length: > 0 } c ? c : null;
        if (channel is not null && !ChannelName().IsMatch(channel))
        {
            problem = "'channel' is a channel id such as 'directline' or 'msteams' (letters, digits, '.', '-', '_', at most 64).";
            return false;
        }
        var segmentId = query["segment"].ToString() is { Length: > 0 } s ? s : Segments.All.Id;
        if (Segments.Find(segmentId) is not { } segment)
        {
            problem = $"Unknown segment '{segmentId}'; one of: {string.Join(", ", Segments.List.Select(x => x.Id))}.";
            return false;
        }
        filter = new AnalyticsFilter(new DateTimeOffset(from, TimeSpan.Zero), new DateTimeOffset(to, TimeSpan.Zero), channel, segment);
        return true;
    }

    private static DateTime? ParseInstant(string text, bool endOfDay)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return endOfDay ? start.AddDays(1) : start;
        }
        // An instant needs its offset: a bare local time would mean a different moment on every server.
        var hasOffset = text.EndsWith('Z') || OffsetSuffix().IsMatch(text);
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant.UtcDateTime
            : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ChannelName();

    [GeneratedRegex(@"T.*[+-]\d\d:?\d\d$")]
    private static partial Regex OffsetSuffix();
}
