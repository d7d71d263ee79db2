using Microsoft.Extensions.DependencyInjection;
using SupportBot.Analytics;
using SupportBot.Analytics.Demo;
using SupportBot.Cli;

namespace SupportBot.Tests.Analytics;

public sealed class DemoSeederTests : IDisposable
{
    private readonly AnalyticsHost _host = new();

    [Fact]
    public async Task Seeding_fills_the_last_90_days_with_journeys_whose_waits_lower_satisfaction_and_replaces_the_previous_seeding()
    {
        var seeder = _host.Factory.Services.GetRequiredService<DemoSeeder>();
        var reports = new List<(int Done, int Total)>();
        await seeder.SeedAsync(300, 90, seed: 7);
        var written = await seeder.SeedAsync(1000, 90, seed: 7, new SynchronousProgress<(int Done, int Total)>(reports.Add));

        Assert.True(written > 5000, $"{written} touchpoints");
        Assert.Equal((1000, 1000), reports[^1]);
        var range = $"from={_host.Factory.Clock.GetUtcNow().AddDays(-91):yyyy-MM-dd}";
        var overview = await _host.DataAsync<OverviewReport>($"/api/analytics/overview?{range}");
        // Replaced, not doubled: one conversation per journey.
        Assert.Equal(1000, overview.Conversations);
        Assert.True(overview.Channels.Count >= 4);
        Assert.Equal(6, overview.Escalations.ByReason.Count);
        Assert.InRange(overview.ContainmentRate!.Value, 0.5, 0.85);
        Assert.All(overview.Satisfaction.Distribution, count => Assert.True(count > 0));
        Assert.True(overview.Queue.Cancelled > 0);
        Assert.True(overview.Days.Count > 60);

        var drivers = await _host.DataAsync<DriverReport>($"/api/analytics/drivers?{range}");
        var waits = Assert.Single(drivers.Drivers, d => d.Id == "waited_long");
        Assert.True(waits.Reading == DriverReading.Lower, $"long waits: {waits.Adjusted} q {waits.QValue}");
        Assert.Contains(drivers.Drivers.Take(3), d => d.Id == "waited_long");

        var gaps = await _host.DataAsync<List<KnowledgeGap>>($"/api/analytics/kb-gaps?{range}");
        Assert.Contains(gaps.Take(10), g => g.Reasons.ContainsKey("low_confidence"));
    }

    public void Dispose() => _host.Dispose();
}
