using System.Net;
using SupportBot.Analytics;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Analytics;

/// Two customers served on the same channel by the same agent, one rating 1 and one 5: the comparison lays their
/// journeys side by side and puts the long wait first, by the adjusted model's effect.
public sealed class CustomerComparisonTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly AnalyticsHost _host = new();

    [Fact]
    public void The_long_wait_accounts_for_most_of_the_gap_between_two_customers_given_the_same_service()
    {
        var report = CustomerComparison.Compare(Population(), InMemoryJourneys.Features(), "customer-unhappy", "customer-happy")!;

        Assert.Equal("customer-unhappy", report.First.Label);
        Assert.Equal(1, report.First.Rating);
        Assert.Equal(5, report.Second.Rating);
        Assert.Equal(-4, report.RatingGap);
        var first = report.Differences[0];
        Assert.Equal("waited_long", first.Id);
        Assert.Equal(DriverReading.Lower, first.Reading);
        Assert.Equal((1.0, 0.0), (first.First, first.Second));
        Assert.InRange(first.Contribution!.Value, -1.8, -1.2);
        Assert.Contains(report.Differences, d => d.Id == "purchased" && d.Reading == DriverReading.NotEnoughData);
        // What the called features do not account for stays unexplained; it is not spread over them.
        Assert.InRange(report.Explained, -1.8, -1.2);
        var conversation = Assert.Single(report.First.Conversations);
        Assert.Equal(15, conversation.WaitMinutes);
        Assert.Equal("dewi", conversation.Agent);
    }

    [Fact]
    public void One_customer_against_similar_customers_compares_with_everyone_on_their_channel_and_agent()
    {
        var report = CustomerComparison.Compare(Population(), InMemoryJourneys.Features(), "customer-unhappy", other: null)!;

        Assert.True(report.Second.Group);
        Assert.Equal(201, report.Second.Customers);
        Assert.Empty(report.Second.Conversations);
        Assert.Equal("waited_long", report.Differences[0].Id);
        Assert.InRange(report.Differences[0].First - report.Differences[0].Second, 0.4, 0.6);
    }

    [Fact]
    public async Task The_api_opens_on_a_suggested_pair_and_says_when_there_is_nothing_to_compare()
    {
        foreach (var journey in Journeys())
        {
            await _host.WriteAsync(journey);
        }
        const string range = "from=2026-03-01&to=2026-04-30";

        var suggested = await _host.DataAsync<ComparisonReport>($"/api/analytics/compare?{range}");
        Assert.Equal(4, suggested.RatingGap);
        var chosen = await _host.DataAsync<ComparisonReport>($"/api/analytics/compare?{range}&customer=customer-unhappy&other=customer-happy");
        Assert.Equal("waited_long", chosen.Differences[0].Id);

        Assert.Equal(HttpStatusCode.NotFound, (await _host.GetAsync($"/api/analytics/compare?{range}&customer=nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.GetAsync($"/api/analytics/compare?{range}&other=customer-happy")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.GetAsync("/api/analytics/compare", AnalyticsHost.AgentKey)).StatusCode);
    }

    private static IReadOnlyList<ConversationJourney> Population()
        => InMemoryJourneys.Assemble([.. Journeys().SelectMany(j => j.Touchpoints)]);

    // Two hundred customers in whom a long wait costs 1.5 points, and the two being compared.
    private static IEnumerable<Journey> Journeys()
    {
        var random = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            var waited = i % 2 == 0;
            var rating = (int)Math.Clamp(Math.Round(4.4 - (waited ? 1.5 : 0) + (0.5 * ((random.NextDouble() * 2) - 1))), 1, 5);
            yield return Rated($"c{i}", $"customer-{i:000}", waited ? 12 : 1, rating);
        }
        yield return Rated("unhappy", "customer-unhappy", 15, 1);
        yield return Rated("happy", "customer-happy", 1, 5);
        yield return new Journey("happy-purchase", "customer-happy", Start.AddDays(-20)).Purchased("Lumora Bulb");
    }

    private static Journey Rated(string id, string customer, int waitMinutes, int rating)
        => new Journey(id, customer, Start.AddMinutes(id.Length * 13 % 600)).Says("Where is my parcel today").Escalated("customer_asked").Queued()
            .Claimed(waitMinutes * 60_000).AgentReplied(10_000).Resolved(120_000).Rated(rating);

    public void Dispose() => _host.Dispose();
}
