namespace SupportBot.Analytics.Statistics;

/// An effect on the rating with its 95% interval and two-sided p-value. Low, High and P are null when the data
/// cannot say how uncertain the effect is (too few ratings, or no spread in them): "not enough data", never a
/// narrow interval made up from nothing.
internal sealed record Estimate(double Effect, double? Low, double? High, double? P)
{
    public const double Confidence = 0.95;

    public bool ExcludesZero => Low > 0 || High < 0;

    public static Estimate Unknown(double effect) => new(effect, null, null, null);

    /// Effect ± t·se on `degreesOfFreedom`, and the p-value of effect = 0 on the same t distribution.
    public static Estimate FromT(double effect, double standardError, double degreesOfFreedom)
    {
        if (!(standardError > 0) || !(degreesOfFreedom >= 1) || !double.IsFinite(standardError))
        {
            return Unknown(effect);
        }
        var quantile = StudentT.Quantile(1 - ((1 - Confidence) / 2), degreesOfFreedom);
        var p = 2 * StudentT.UpperTail(Math.Abs(effect / standardError), degreesOfFreedom);
        return new Estimate(effect, effect - (quantile * standardError), effect + (quantile * standardError), Math.Min(1, p));
    }
}
