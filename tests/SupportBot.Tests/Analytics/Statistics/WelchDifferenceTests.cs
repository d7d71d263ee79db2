using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using SupportBot.Analytics.Statistics;

namespace SupportBot.Tests.Analytics.Statistics;

public sealed class WelchDifferenceTests
{
    private static readonly int Runs = int.TryParse(Environment.GetEnvironmentVariable("SUPPORTBOT_FUZZ_RUNS"), CultureInfo.InvariantCulture, out var runs) ? runs : 300;

    [Fact]
    public void Two_identical_ratings_give_no_interval_rather_than_a_narrow_one()
    {
        // Two customers who both rated 4, against many who rated 5 or 4: nothing says how much two ratings vary.
        var estimate = WelchDifference.Of([4, 4], [5, 4, 5, 5, 4, 5, 5, 4, 5, 5, 5, 4]);

        Assert.Equal(4 - (56 / 12.0), estimate.Effect, 9);
        Assert.Null(estimate.Low);
        Assert.Null(estimate.P);
        Assert.False(estimate.ExcludesZero);
    }

    [Fact]
    public void Two_ratings_that_differ_get_the_wide_interval_of_one_degree_of_freedom()
    {
        var estimate = WelchDifference.Of([3, 4], [5, 4, 5, 5, 4, 5, 5, 4, 5, 5, 5, 4]);

        // The group of two dominates the spread, so Welch-Satterthwaite gives about one degree of freedom (t = 12.7).
        Assert.True(estimate.High - estimate.Low > 7, $"{estimate.Low} … {estimate.High}");
        Assert.False(estimate.ExcludesZero);
    }

    [Fact]
    public void A_clear_difference_in_fifty_ratings_a_side_excludes_zero()
    {
        var low = Enumerable.Range(0, 50).Select(i => 2.0 + (i % 3)).ToList();
        var high = Enumerable.Range(0, 50).Select(i => 4.0 + (i % 2)).ToList();

        var estimate = WelchDifference.Of(low, high);

        Assert.True(estimate.ExcludesZero && estimate.High < 0, $"{estimate.Low} … {estimate.High}");
        Assert.True(estimate.P < 1e-6);
    }

    [Fact]
    public void The_interval_holds_the_effect_and_is_never_narrower_than_the_normal_one()
    {
        var ratings = Gen.Choose(1, 5).Select(r => (double)r).ListOf().Where(l => l.Count >= 2);
        Prop.ForAll(Arb.From(ratings), Arb.From(ratings), (with, without) =>
        {
            var estimate = WelchDifference.Of([.. with], [.. without]);
            if (estimate.Low is not { } low || estimate.High is not { } high)
            {
                return true;
            }
            var normalHalfWidth = 1.959964 * Math.Sqrt((Variance(with) / with.Count) + (Variance(without) / without.Count));
            return low <= estimate.Effect && estimate.Effect <= high && (high - low) / 2 >= normalHalfWidth - 1e-9
                && estimate.P is >= 0 and <= 1;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Runs));
    }

    private static double Variance(List<double> values)
    {
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
    }
}
