namespace SupportBot.Analytics.Statistics;

/// Benjamini-Hochberg adjusted p-values (q-values). Testing many features at 5% each would call about one in
/// twenty null features a driver; calling those with q ≤ 0.05 keeps the expected share of false drivers among
/// those called at or below 5%.
internal static class FalseDiscovery
{
    public const double Rate = 0.05;

    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 1.0;
        // From the largest p down: q(i) = min over j ≥ i of p(j)·m/j, which keeps the q-values in p's order.
        for (var rank = m; rank >= 1; rank--)
        {
            var index = order[rank - 1];
            // m / rank first: at rank m it is exactly 1, so the largest p is never rounded below itself.
            running = Math.Min(running, pValues[index] * ((double)m / rank));
            adjusted[index] = Math.Min(1, running);
        }
        return adjusted;
    }
}
