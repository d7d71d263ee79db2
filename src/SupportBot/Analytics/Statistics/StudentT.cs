namespace SupportBot.Analytics.Statistics;

/// Student's t distribution with location 0 and scale 1 (Math.NET Numerics does the numerics). Intervals from a
/// handful of ratings must use it: the normal quantile 1.96 is only right when the spread is known, and with two
/// ratings per side the t quantile is 12.7.
internal static class StudentT
{
    public static double Quantile(double probability, double degreesOfFreedom)
        => MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, degreesOfFreedom, probability);

    /// P(T > t).
    public static double UpperTail(double t, double degreesOfFreedom)
        => 1 - MathNet.Numerics.Distributions.StudentT.CDF(0, 1, degreesOfFreedom, t);
}
