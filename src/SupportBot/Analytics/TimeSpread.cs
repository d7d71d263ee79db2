namespace SupportBot.Analytics;

/// How long something took across conversations, in seconds. Median and p90 interpolate between the two nearest
/// values (as spreadsheets' PERCENTILE.INC does), so a small sample still gives a stable figure.
internal sealed record TimeSpread(int Count, double? Mean, double? Median, double? P90)
{
    /// From each duration and how many times it occurred, in ascending order of duration: the store counts them by
    /// value, so a year's hundreds of thousands of durations arrive as a few thousand rows and are never expanded.
    public static TimeSpread FromCounts(IReadOnlyList<(double Milliseconds, long Count)> ascending)
    {
        var total = 0L;
        var sum = 0.0;
        // The position after each value's last occurrence, to find the value at a rank by binary search.
        var ends = new long[ascending.Count];
        for (var i = 0; i < ascending.Count; i++)
        {
            total += ascending[i].Count;
            sum += ascending[i].Count * (ascending[i].Milliseconds / 1000);
            ends[i] = total;
        }
        if (total == 0)
        {
            return new TimeSpread(0, null, null, null);
        }
        double At(long rank)
        {
            var found = Array.BinarySearch(ends, rank + 1);
            return ascending[found >= 0 ? found : ~found].Milliseconds / 1000;
        }
        double Percentile(double fraction)
        {
            var rank = fraction * (total - 1);
            var below = (long)Math.Floor(rank);
            var above = Math.Min(below + 1, total - 1);
            return At(below) + ((rank - below) * (At(above) - At(below)));
        }
        return new TimeSpread((int)total, sum / total, Percentile(0.5), Percentile(0.9));
    }
}
