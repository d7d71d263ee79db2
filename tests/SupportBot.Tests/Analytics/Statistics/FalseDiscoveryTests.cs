using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using SupportBot.Analytics.Statistics;

namespace SupportBot.Tests.Analytics.Statistics;

public sealed class FalseDiscoveryTests
{
    private static readonly int Runs = int.TryParse(Environment.GetEnvironmentVariable("SUPPORTBOT_FUZZ_RUNS"), CultureInfo.InvariantCulture, out var runs) ? runs : 300;

    [Fact]
    public void The_adjusted_values_match_a_worked_example()
    {
        // Benjamini and Hochberg's step-up rule by hand: p·m/rank, then the running minimum from the largest p down.
        var q = FalseDiscovery.Adjust([0.01, 0.04, 0.03, 0.005, 0.5]);

        Assert.Equal([0.025, 0.05, 0.05, 0.025, 0.5], q.Select(x => Math.Round(x, 9)));
    }

    [Fact]
    public void Fourteen_tests_at_p_004_are_not_all_called_when_one_alone_would_be()
    {
        Assert.All(FalseDiscovery.Adjust([0.04, .. Enumerable.Repeat(0.6, 13)]), q => Assert.True(q > FalseDiscovery.Rate));
    }

    [Fact]
    public void Adjusted_values_are_never_below_the_raw_ones_keep_their_order_and_stay_at_most_one()
    {
        var pValues = Gen.Choose(0, 10_000).Select(x => x / 10_000.0).ListOf().Where(l => l.Count > 0);
        Prop.ForAll(Arb.From(pValues), p =>
        {
            var q = FalseDiscovery.Adjust([.. p]);
            var ordered = Enumerable.Range(0, p.Count).OrderBy(i => p[i]).ToList();
            return Enumerable.Range(0, p.Count).All(i => q[i] >= p[i] && q[i] <= 1)
                && ordered.Zip(ordered.Skip(1)).All(pair => q[pair.First] <= q[pair.Second]);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Runs));
    }
}
