using SupportBot.Analytics;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Analytics;

/// The driver analysis on journeys whose causes the test knows: a confounded feature, a feature seen twice, and
/// many features with no effect at all.
public sealed class AdjustedDriversTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_feature_that_only_travels_with_long_waits_differs_raw_but_not_once_adjusted()
    {
        // Long waits cost 1.5 points; customers who waited long mostly also liked an answer, which does nothing.
        var random = new Random(11);
        var log = new List<Touchpoint>();
        for (var i = 0; i < 300; i++)
        {
            var waited = i % 2 == 0;
            var liked = random.NextDouble() < (waited ? 0.8 : 0.2);
            var rating = (int)Math.Clamp(Math.Round(4.4 - (waited ? 1.5 : 0) + (0.6 * Normal(random))), 1, 5);
            log.AddRange(Rated(i, waited, liked, rating));
        }

        var report = SatisfactionDrivers.Rank(InMemoryJourneys.Assemble(log), InMemoryJourneys.Features());

        var likedAnswer = report.Drivers.Single(d => d.Id == "liked_answer");
        Assert.True(likedAnswer.Raw.High < 0, $"raw {likedAnswer.Raw}");
        Assert.Equal(DriverReading.NoClearDifference, likedAnswer.Reading);
        Assert.InRange(likedAnswer.Adjusted!.Effect, -0.2, 0.2);
        var waits = report.Drivers[0];
        Assert.Equal("waited_long", waits.Id);
        Assert.Equal(DriverReading.Lower, waits.Reading);
        Assert.True(waits.Adjusted!.Low < -1.5 && -1.5 < waits.Adjusted.High, $"adjusted {waits.Adjusted}");
    }

    [Fact]
    public void Two_customers_with_a_feature_are_not_enough_data_however_alike_their_ratings()
    {
        var log = new List<Touchpoint>();
        for (var i = 0; i < 40; i++)
        {
            // Two customers liked an answer and both rated 1; everyone else rated 4 or 5.
            log.AddRange(Rated(i, waited: false, liked: i < 2, rating: i < 2 ? 1 : 4 + (i % 2)));
        }

        var report = SatisfactionDrivers.Rank(InMemoryJourneys.Assemble(log), InMemoryJourneys.Features());

        var likedAnswer = report.Drivers.Single(d => d.Id == "liked_answer");
        Assert.Equal(2, likedAnswer.With);
        Assert.Equal(DriverReading.NotEnoughData, likedAnswer.Reading);
        Assert.Null(likedAnswer.QValue);
        Assert.False(likedAnswer.Significant);
        Assert.Null(likedAnswer.Raw.Low);
    }

    [Fact]
    public void Where_nothing_matters_nothing_is_called_a_driver()
    {
        // Ratings are pure noise; waits, likes, purchases, agents and channels are spread at random.
        var random = new Random(5);
        var agents = new[] { "dewi", "budi", "sari", "tomas", "lena", "mika" };
        var channels = new[] { "directline", "msteams", "webchat", "slack" };
        var log = new List<Touchpoint>();
        for (var i = 0; i < 600; i++)
        {
            var rating = (int)Math.Clamp(Math.Round(3.8 + (0.9 * Normal(random))), 1, 5);
            log.AddRange(Rated(i, random.NextDouble() < 0.4, random.NextDouble() < 0.3, rating,
                agents[random.Next(agents.Length)], channels[random.Next(channels.Length)], purchased: random.NextDouble() < 0.3));
        }

        var report = SatisfactionDrivers.Rank(InMemoryJourneys.Assemble(log), InMemoryJourneys.Features());

        Assert.True(report.Drivers.Count(d => d.QValue is not null) >= 12, string.Join(", ", report.Drivers.Select(d => d.Id)));
        Assert.DoesNotContain(report.Drivers, d => d.Significant);
    }

    private static IReadOnlyList<Touchpoint> Rated(
        int i, bool waited, bool liked, int rating, string agent = "dewi", string channel = "directline", bool purchased = false)
    {
        var customer = $"customer-{i:000}";
        var journey = new Journey($"c{i}", customer, Start.AddMinutes(i * 7), channel).Says("Where is my parcel today").Answered(900);
        if (liked)
        {
            journey.Feedback("like");
        }
        journey.Says("I need a person please").Escalated("customer_asked").Queued()
            .Claimed(waited ? 12 * 60_000 : 60_000, agent).AgentReplied(10_000).Resolved(120_000).Rated(rating);
        return purchased ? [.. new Journey($"p{i}", customer, Start.AddDays(-2)).Purchased("Lumora Bulb").Touchpoints, .. journey.Touchpoints]
            : journey.Touchpoints;
    }

    private static double Normal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
