namespace SupportBot.Analytics;

/// How long something took across conversations, in seconds. Median and p90 interpolate between the two nearest
/// values (as spreadsheets' PERCENTILE.INC does), so a small sample still gives a stable figure.
internal sealed record TimeSpread(int Count, double? Mean, double? Median, double? P90)
{
    public static TimeSpread FromMilliseconds(IEnumerable<double> milliseconds)
    {
        var seconds = milliseconds.Select(ms => ms / 1000).Order().ToArray();
        return seconds.Length == 0
            ? new TimeSpread(0, null, null, null)
            : new TimeSpread(seconds.Length, seconds.Average(), Percentile(seconds, 0.5), Percentile(seconds, 0.9));
    }

    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        var rank = fraction * (sorted.Count - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((rank - below) * (sorted[above] - sorted[below]));
    }
}
