using System.Globalization;
using SupportBot.Analytics;
using SupportBot.Analytics.Demo;
using SupportBot.Analytics.Statistics;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Analytics.Statistics;

/// The model fitted on rated conversations grouped by their feature pattern (each distinct row once, with its
/// ratings' count and sums) against the same model fitted row by row, on seeded demo journeys: the same
/// coefficients, intervals and p-values, and the drivers' report the same whichever way its rows come.
public sealed class RidgeRegressionTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 30, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void The_fit_on_rows_grouped_by_pattern_equals_the_fit_row_by_row(int seed)
    {
        var features = InMemoryJourneys.Features(DemoEffects.LongWaitMinutes);
        var rated = RatedConversation.From(features.Facts(InMemoryJourneys.Assemble(Generate(seed, 4000))));
        var patterns = rated.Select(features.PatternOf).ToList();
        // Every feature but the month as a column (the penalty keeps the fit defined where levels are collinear).
        var columns = features.For(patterns).Where(f => f.Factor != "month").ToList();
        var rows = patterns.Select(p => columns.Select(c => c.Applies(p) ? 1.0 : 0.0).ToArray()).ToList();
        var ratings = rated.Select(r => r.Rating).ToList();

        var grouped = rows.Select((row, i) => (Key: string.Join("", row.Select(x => x > 0 ? '1' : '0')), Row: row, Rating: ratings[i]))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .Select(g => (g.First().Row, Moments: RatingMoments.Of(g.Select(x => x.Rating))))
            .ToList();
        Assert.True(grouped.Count < rows.Count * 0.9, $"{grouped.Count} patterns of {rows.Count} rows: too few repeats to test the grouping");

        var byRow = RidgeRegression.Fit(rows, ratings, 1.0)!;
        var byPattern = RidgeRegression.Fit([.. grouped.Select(g => g.Row)], [.. grouped.Select(g => g.Moments)], 1.0)!;

        Assert.Equal(byRow.DegreesOfFreedom, byPattern.DegreesOfFreedom);
        for (var j = 0; j < columns.Count; j++)
        {
            AssertSame(byRow.Contrast(new Dictionary<int, double> { [j] = 1 }), byPattern.Contrast(new Dictionary<int, double> { [j] = 1 }), columns[j].Id);
        }
        // A level against the mean of two others, as the drivers report factors.
        var contrast = new Dictionary<int, double> { [columns.Count - 1] = 1, [columns.Count - 2] = -0.5, [columns.Count - 3] = -0.5 };
        AssertSame(byRow.Contrast(contrast), byPattern.Contrast(contrast), "contrast");
    }

    [Fact]
    public void The_drivers_report_is_the_same_from_groups_as_from_rows()
    {
        var features = InMemoryJourneys.Features(DemoEffects.LongWaitMinutes);
        var rated = RatedConversation.From(features.Facts(InMemoryJourneys.Assemble(Generate(5, 3000))));
        // The store groups conversations by their whole pattern (customer included); here by the pattern's values.
        var groups = features.Groups(rated)
            .GroupBy(g => Key(g.Pattern), StringComparer.Ordinal)
            .Select(g => new RatedGroup(g.First().Pattern, g.Aggregate(RatingMoments.None, (sum, x) => sum + x.Ratings)))
            .ToList();

        var byRow = SatisfactionDrivers.Rank(rated, features);
        var byGroup = SatisfactionDrivers.Rank(groups, features);

        Assert.Equal(byRow.Ratings, byGroup.Ratings);
        Assert.Equal(byRow.Customers, byGroup.Customers);
        Assert.Equal(byRow.Drivers.Select(d => (d.Id, d.Reading, d.With)), byGroup.Drivers.Select(d => (d.Id, d.Reading, d.With)));
        foreach (var (row, group) in byRow.Drivers.Zip(byGroup.Drivers))
        {
            AssertSame(row.Raw, group.Raw, $"{row.Id} raw");
            AssertSame(row.Adjusted!, group.Adjusted!, $"{row.Id} adjusted");
            Assert.Equal(row.QValue ?? -1, group.QValue ?? -1, 9);
            Assert.Equal(row.Customers.Select(c => (c.Id, c.Conversations)), group.Customers.Select(c => (c.Id, c.Conversations)));
        }
    }

    private static string Key(DriverPattern p) => string.Join("|", p.CustomerId, p.CustomerConversations, p.Contained,
        string.Join(",", p.EscalationReasons.Order(StringComparer.Ordinal)), p.WaitedLong, p.AskedAgain, p.Liked, p.Disliked, p.Transferred,
        p.LeftQueue, p.LeftMessage, p.Purchaser, p.Returning, p.Agent, p.Channel, p.Language, p.Month);

    private static void AssertSame(Estimate expected, Estimate actual, string label)
    {
        Close(expected.Effect, actual.Effect, $"{label} effect");
        Close(expected.Low, actual.Low, $"{label} low");
        Close(expected.High, actual.High, $"{label} high");
        Close(expected.P, actual.P, $"{label} p");
    }

    private static void Close(double? expected, double? actual, string label)
    {
        Assert.True(expected is null == actual is null, $"{label}: {expected} against {actual}");
        if (expected is { } e && actual is { } a)
        {
            Assert.True(Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"{label}: {e.ToString("R", CultureInfo.InvariantCulture)} against {a.ToString("R", CultureInfo.InvariantCulture)}");
        }
    }

    private static List<Touchpoint> Generate(int seed, int count)
    {
        var journeys = new DemoJourneys(new Random(seed), Now, days: 90);
        var log = new List<Touchpoint>();
        for (var n = 0; n < count; n++)
        {
            log.AddRange(journeys.Journey(n, count));
        }
        return log;
    }
}
