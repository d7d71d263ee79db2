using SupportBot.Analytics.Statistics;

namespace SupportBot.Tests.Analytics.Statistics;

/// The t quantiles every statistics textbook tables; with few ratings they are far from the normal 1.96.
public sealed class StudentTTests
{
    [Theory]
    [InlineData(1, 12.7062)]
    [InlineData(2, 4.3027)]
    [InlineData(5, 2.5706)]
    [InlineData(10, 2.2281)]
    [InlineData(30, 2.0423)]
    [InlineData(1000, 1.9623)]
    public void The_975_quantile_matches_the_tables(double degreesOfFreedom, double expected)
        => Assert.Equal(expected, StudentT.Quantile(0.975, degreesOfFreedom), 4);

    [Fact]
    public void The_upper_tail_is_the_quantile_read_back()
    {
        Assert.Equal(0.025, StudentT.UpperTail(StudentT.Quantile(0.975, 7), 7), 9);
        Assert.Equal(0.5, StudentT.UpperTail(0, 3), 9);
    }
}
