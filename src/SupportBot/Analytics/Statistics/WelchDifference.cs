namespace SupportBot.Analytics.Statistics;

/// The raw difference of two groups' means, with Welch's standard error and the Welch-Satterthwaite degrees of
/// freedom, so unequal spreads and small groups widen the interval as they should.
internal static class WelchDifference
{
    public static Estimate Of(IReadOnlyList<double> with, IReadOnlyList<double> without) => Of(RatingMoments.Of(with), RatingMoments.Of(without));

    /// From each side's sums: what grouped ratings carry.
    public static Estimate Of(RatingMoments with, RatingMoments without)
    {
        var effect = with.Mean - without.Mean;
        if (with.Count < 2 || without.Count < 2)
        {
            return Estimate.Unknown(effect);
        }
        var a = with.Variance / with.Count;
        var b = without.Variance / without.Count;
        // A side whose ratings are all the same says nothing about its spread: Welch would take it as exactly zero
        // and give two identical ratings a narrow interval. No interval is the honest answer.
        if (a <= 0 || b <= 0)
        {
            return Estimate.Unknown(effect);
        }
        var degreesOfFreedom = (a + b) * (a + b) / ((a * a / (with.Count - 1)) + (b * b / (without.Count - 1)));
        return Estimate.FromT(effect, Math.Sqrt(a + b), degreesOfFreedom);
    }
}
