using System.Net;
using SupportBot.Analytics;

namespace SupportBot.Tests.Analytics;

/// Re-contact, verified resolution, first-contact resolution and CSAT by who handled it, over conversations in April
/// 2026 whose figures are worked out by hand below.
public sealed class OutcomeTests : IClassFixture<OutcomeTests.Host>
{
    private const string April = "from=2026-04-01&to=2026-04-30";
    private const string Password = "account/reset-password";
    private const string Pairing = "troubleshooting/bulb-wont-pair";
    private static readonly DateTimeOffset Day = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly AnalyticsHost _host;

    public OutcomeTests(Host host)
    {
        _host = host.Analytics;
    }

    public sealed class Host : IAsyncLifetime
    {
        public AnalyticsHost Analytics { get; } = new();

        public Task InitializeAsync() => Analytics.WriteAsync(
            // Alice asks about her password and comes back three days later: the same article, a re-contact.
            new Journey("a1", "alice", Day.AddDays(1)).Says("How do I reset my password?").Answered(900, article: Password).Rated(5),
            new Journey("a2", "alice", Day.AddDays(4)).Says("the password reset link never came").Answered(900, article: Password),
            // Bob asks the same unanswerable question twice, 17 days apart: a re-contact only in a 30-day window.
            new Journey("b1", "bob", Day.AddDays(2)).Says("Do you ship to Mars?").Escalated("low_confidence"),
            new Journey("b2", "bob", Day.AddDays(19)).Says("Do you ship to Mars?").Escalated("low_confidence"),
            // Carol's case is resolved by an agent.
            new Journey("c1", "carol", Day.AddDays(9)).Says("I want a refund for my hub").Escalated("customer_asked").Queued()
                .Claimed(60_000).AgentReplied(20_000).Resolved(300_000).Rated(2),
            // Dan comes back after the range, on Teams: still a re-contact of his April conversation.
            new Journey("d1", "dan", Day.AddDays(27)).Says("How do I pair my bulb?").Answered(800, article: Pairing),
            new Journey("d2", "dan", Day.AddDays(31), "msteams").Says("my bulb still won't pair").Answered(800, article: Pairing),
            // Erin's second conversation is about something else.
            new Journey("e1", "erin", Day.AddDays(11)).Says("How do I pair my bulb?").Answered(800, article: Pairing),
            new Journey("e2", "erin", Day.AddDays(13)).Says("Where is my parcel?").Answered(800, article: "orders/track-order"));

        public Task DisposeAsync()
        {
            Analytics.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Re_contact_verified_and_first_contact_resolution_and_csat_by_handler_are_counted_exactly()
    {
        var outcomes = await _host.DataAsync<OutcomeReport>($"/api/analytics/outcomes?{April}");

        Assert.Equal(7, outcomes.RecontactDays);
        Assert.Equal(8, outcomes.Conversations);
        // a1 (by a2) and d1 (by d2, in May and on Teams).
        Assert.Equal(2, outcomes.Recontacted);
        Assert.Equal(2 / 8.0, outcomes.RecontactRate!.Value, 12);
        // Answered by the bot alone: a1, a2, d1, e1, e2; of those a1 and d1 were followed by a re-contact.
        Assert.Equal(5, outcomes.AnsweredByBot);
        Assert.Equal(3, outcomes.VerifiedResolved);
        Assert.Equal(0.6, outcomes.VerifiedResolutionRate!.Value, 12);
        // a2, e1, e2 and carol's resolved handoff.
        Assert.Equal(4, outcomes.ResolvedFirstContact);
        Assert.Equal(0.5, outcomes.FirstContactResolutionRate!.Value, 12);
        Assert.Equal(1, outcomes.BotOnly.Responses);
        Assert.Equal(5, outcomes.BotOnly.Mean);
        Assert.Equal(1, outcomes.PersonHandled.Responses);
        Assert.Equal(2, outcomes.PersonHandled.Mean);
        Assert.Equal([$"{Password}:2:1", $"{Pairing}:2:1"], outcomes.Topics.Select(t => $"{t.Topic}:{t.Conversations}:{t.Recontacted}"));
    }

    [Fact]
    public async Task A_longer_window_finds_the_later_re_contact_and_names_the_question_without_an_article()
    {
        var outcomes = await _host.DataAsync<OutcomeReport>($"/api/analytics/outcomes?{April}&recontactDays=30");

        Assert.Equal(3, outcomes.Recontacted);
        var mars = Assert.Single(outcomes.Topics, t => !t.IsArticle);
        Assert.Equal(("Do you ship to Mars?", 2, 1), (mars.Topic, mars.Conversations, mars.Recontacted));
    }

    [Theory]
    [InlineData("recontactDays=0")]
    [InlineData("recontactDays=91")]
    [InlineData("recontactDays=week")]
    public async Task A_bad_window_is_a_problem(string query)
    {
        var response = await _host.GetAsync($"/api/analytics/outcomes?{April}&{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
