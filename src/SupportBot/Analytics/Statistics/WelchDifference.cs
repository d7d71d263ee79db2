namespace SupportBot.Analytics.Statistics;

/// The raw difference of two groups' means, with Welch's standard error and the Welch-Satterthwaite degrees of
/// freedom, so unequal spreads and small groups widen the interval as they should.
internal static class WelchDifference
{
    public static Estimate Of(IReadOnlyList<double> with, IReadOnlyList<double> without)
    {
        var meanWith = with.Average();
        var meanWithout = without.Average();
        var effect = meanWith - meanWithout;
        if (with.Count < 2 || without.Count < 2)
        {
            return Estimate.Unknown(effect);
        }
        var a = Variance(with, meanWith) / with.Count;
        var b = Variance(without, meanWithout) / without.Count;
        // A side whose ratings are all the same says nothing about its spread: Welch would take it as exactly zero
        // and give two identical ratings a narrow interval. No interval is the honest answer.
        if (a <= 0 || b <= 0)
        {
            return Estimate.Unknown(effect);
        }
        var degreesOfFreedom = (a + b) * (a + b) / ((a * a / (with.Count - 1)) + (b * b / (without.Count - 1)));
        return Estimate.FromT(effect, Math.Sqrt(a + b), degreesOfFreedom);
    }

    private static double Variance(IReadOnlyList<double> values, double mean)
        => values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
}
