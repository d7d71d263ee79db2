using SupportBot.Analytics;

namespace SupportBot.Tests.Analytics;

/// Thirty rated conversations in which long waits, and nothing else, lower the rating.
public sealed class SatisfactionDriversTests : IDisposable
{
    private readonly AnalyticsHost _host = new();

    [Fact]
    public async Task A_planted_cause_long_waits_ranks_first_with_the_customers_behind_it()
    {
        var start = new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);
        var waited = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var customer = $"customer-{i:00}";
            var longWait = i % 2 == 0;
            // Ratings owe nothing to the channel or to purchases, which are spread across both groups and across
            // the ratings within each (the adjusted model would rightly find a channel that tracked them).
            var rating = longWait ? 1 + (i % 4 == 0 ? 0 : 1) : 4 + (i % 3 == 0 ? 0 : 1);
            var journey = new Journey($"w{i}", customer, start.AddHours(i), i % 9 is 1 or 3 or 5 ? "msteams" : "directline")
                .Says("I need a person for my order").Escalated("customer_asked").Queued()
                .Claimed(longWait ? 20 * 60_000 : 60_000).AgentReplied(15_000).Resolved(240_000).Rated(rating);
            if (i % 5 < 2)
            {
                await _host.WriteAsync(new Journey($"p{i}", customer, start.AddDays(-3)).Purchased("Lumora Bulb"));
            }
            await _host.WriteAsync(journey);
            if (longWait)
            {
                waited.Add(customer);
            }
        }

        var report = await _host.DataAsync<DriverReport>("/api/analytics/drivers?from=2026-04-01&to=2026-04-30");

        Assert.Equal(30, report.Ratings);
        Assert.Equal(30, report.Customers);
        Assert.Equal(5, report.WaitMinutes);
        var first = report.Drivers[0];
        Assert.Equal("waited_long", first.Id);
        Assert.Equal(DriverReading.Lower, first.Reading);
        Assert.True(first.Adjusted!.High < 0, $"the adjusted interval {first.Adjusted} lies below zero");
        Assert.True(first.Raw.High < 0, $"the raw interval {first.Raw} lies below zero");
        Assert.Equal(15, first.With);
        Assert.Equal(15, first.Without);
        Assert.Equal(waited.Order(StringComparer.Ordinal), first.Customers.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.Equal((22 / 15.0) - (70 / 15.0), first.Raw.Effect, 9);
        Assert.DoesNotContain(report.Drivers.Skip(1), d => d.Significant);
        // Every surveyed customer was escalated: a feature nobody lacks explains nothing and is left out.
        Assert.DoesNotContain(report.Drivers, d => d.Id == "escalated");

        // A threshold above every wait leaves nobody "waiting long".
        var patient = await _host.DataAsync<DriverReport>("/api/analytics/drivers?from=2026-04-01&to=2026-04-30&waitMinutes=30");
        Assert.DoesNotContain(patient.Drivers, d => d.Id == "waited_long");
    }

    public void Dispose() => _host.Dispose();
}
