using System.Net;
using System.Net.Http.Json;
using SupportBot.Analytics;

namespace SupportBot.Tests.Analytics;

public sealed class AnalyticsApiTests : IClassFixture<AnalyticsApiTests.Host>
{
    private readonly AnalyticsHost _host;

    public AnalyticsApiTests(Host host)
    {
        _host = host.Analytics;
    }

    public sealed class Host : IAsyncLifetime
    {
        public AnalyticsHost Analytics { get; } = new();

        public Task InitializeAsync() => Analytics.WriteAsync(KnownJourneys.All());

        public Task DisposeAsync()
        {
            Analytics.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task The_overview_counts_containment_escalations_csat_times_abandonment_and_feedback_exactly()
    {
        var overview = await _host.DataAsync<OverviewReport>($"/api/analytics/overview?{KnownJourneys.March}");

        Assert.Equal(9, overview.Conversations);
        Assert.Equal(3, overview.Contained);
        Assert.Equal(3 / 9.0, overview.ContainmentRate!.Value, 12);

        Assert.Equal(7, overview.Escalations.Conversations);
        Assert.Equal(
            ["customer_asked:2", "account_action:1", "low_confidence:1", "negative_sentiment:1", "out_of_scope:1", "repeated_failure:1"],
            overview.Escalations.ByReason.Select(r => $"{r.Reason}:{r.Conversations}"));
        Assert.Equal(2 / 9.0, overview.Escalations.ByReason[0].Rate!.Value, 12);

        Assert.Equal(3, overview.Satisfaction.Responses);
        Assert.Equal(11 / 3.0, overview.Satisfaction.Mean!.Value, 12);
        Assert.Equal([0, 1, 0, 1, 1], overview.Satisfaction.Distribution);
        Assert.Equal(2 / 3.0, overview.Satisfaction.SatisfiedRate!.Value, 12);

        // Seconds; p90 interpolates between the two nearest values.
        Assert.Equal(new TimeSpread(3, 2, 2, 2.8), Rounded(overview.Times.BotAnswer));
        Assert.Equal(new TimeSpread(3, 20, 20, 28), Rounded(overview.Times.AgentFirstResponse));
        Assert.Equal(new TimeSpread(3, 120, 120, 168), Rounded(overview.Times.QueueWait));
        Assert.Equal(new TimeSpread(3, 600, 600, 840), Rounded(overview.Times.Handle));

        Assert.Equal(new QueueFigures(5, 3, 1, 1, 2 / 5.0), overview.Queue);
        Assert.Equal(new FeedbackFigures(1, 1, 0.5), overview.Feedback);

        Assert.Equal(9, overview.Days.Count);
        Assert.Equal(new DayFigures(new DateOnly(2026, 3, 6), 1, 0, 1, 1, 2), overview.Days[4]);
        Assert.Equal(["directline:7:3", "msteams:2:0"], overview.Channels.Select(c => $"{c.Channel}:{c.Conversations}:{c.Contained}"));
    }

    [Fact]
    public async Task Channel_date_and_segment_filters_select_the_conversations_they_name()
    {
        async Task<int> Count(string query) => (await _host.DataAsync<OverviewReport>($"/api/analytics/overview?{query}")).Conversations;

        var teams = await _host.DataAsync<OverviewReport>($"/api/analytics/overview?{KnownJourneys.March}&channel=msteams");
        Assert.Equal(2, teams.Conversations);
        Assert.Equal(0, teams.Contained);
        Assert.Equal(2, teams.Queue.Queued);

        // A day is a whole UTC day and 'to' includes it; an instant is exact.
        Assert.Equal(2, await Count("from=2026-03-02&to=2026-03-03"));
        Assert.Equal(1, await Count("from=2026-03-02T09:00:00Z&to=2026-03-03T08:59:59Z"));
        Assert.Equal(10, await Count("from=2026-02-01&to=2026-03-31"));

        // alice's second conversation and bob's March one follow earlier ones.
        Assert.Equal(2, await Count($"{KnownJourneys.March}&segment=returning"));
        Assert.Equal(7, await Count($"{KnownJourneys.March}&segment=new"));
        Assert.Equal(1, await Count($"{KnownJourneys.March}&segment=purchasers"));
        Assert.Equal(1, await Count($"{KnownJourneys.March}&segment=indonesian"));
        // "I'm furious" has too few function words to tell.
        Assert.Equal(7, await Count($"{KnownJourneys.March}&segment=english"));
    }

    [Fact]
    public async Task Top_questions_count_what_was_asked_of_the_bot_and_leave_out_small_talk()
    {
        var questions = await _host.DataAsync<List<QuestionGroup>>($"/api/analytics/questions?{KnownJourneys.March}");

        var password = Assert.Single(questions, q => q.Examples.Contains("How do I reset my password?"));
        Assert.Equal(3, password.Count);
        Assert.Equal(["How do I reset my password?", "password reset please", "reset password"], password.Examples.Order(StringComparer.Ordinal));
        Assert.Equal(password, questions[0]);
        Assert.DoesNotContain(questions, q => q.Examples.Contains("thanks"));
        Assert.Equal(10, questions.Sum(q => q.Count));
    }

    [Fact]
    public async Task Knowledge_gaps_are_the_questions_the_bot_could_not_answer_with_why()
    {
        var gaps = await _host.DataAsync<List<KnowledgeGap>>($"/api/analytics/kb-gaps?{KnownJourneys.March}");

        Assert.Equal(
            ["Can I pay with bitcoin?:out_of_scope", "Do you ship to Mars?:low_confidence", "When will I get my refund?:disliked", "reset password:repeated_failure"],
            gaps.Select(g => $"{g.Label}:{string.Join(',', g.Reasons.Keys)}").Order(StringComparer.Ordinal));
        Assert.All(gaps, g => Assert.Equal(1, g.Count));
    }

    [Fact]
    public async Task Supervisors_may_read_analytics_agents_and_strangers_may_not()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.GetAsync("/api/analytics/overview", apiKey: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.GetAsync("/api/analytics/overview", AnalyticsHost.AgentKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.GetAsync("/api/analytics/drivers", AnalyticsHost.AgentKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.GetAsync("/api/analytics/overview")).StatusCode);

        var filters = await (await _host.GetAsync("/api/analytics/filters")).Content.ReadFromJsonAsync<FiltersView>();
        Assert.Equal(["directline", "msteams"], filters!.Channels);
        Assert.Contains(filters.Segments, s => s.Id == "purchasers");
    }

    [Theory]
    [InlineData("from=yesterday", "'from'")]
    [InlineData("to=2026-13-01", "'to'")]
    [InlineData("from=2026-03-01T10:00:00", "'from'")]
    [InlineData("from=2026-03-10&to=2026-03-01", "must come before")]
    [InlineData("from=2020-01-01&to=2026-03-01", "at most")]
    [InlineData("channel=web%20chat", "'channel'")]
    [InlineData("segment=vip", "Unknown segment 'vip'")]
    public async Task A_bad_filter_is_a_400_problem_that_says_what_is_wrong(string query, string detail)
    {
        foreach (var endpoint in new[] { "overview", "questions", "kb-gaps", "drivers", "compare" })
        {
            var response = await _host.GetAsync($"/api/analytics/{endpoint}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>();
            Assert.Equal("Bad analytics filter", problem!.Title);
            Assert.Contains(detail, problem.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/api/analytics/questions?top=0")]
    [InlineData("/api/analytics/kb-gaps?top=many")]
    [InlineData("/api/analytics/drivers?waitMinutes=-5")]
    [InlineData("/api/analytics/compare?waitMinutes=0")]
    public async Task Bad_sizes_are_400_problems(string path)
        => Assert.Equal(HttpStatusCode.BadRequest, (await _host.GetAsync(path)).StatusCode);

    private static TimeSpread Rounded(TimeSpread spread)
        => new(spread.Count, Math.Round(spread.Mean!.Value, 9), Math.Round(spread.Median!.Value, 9), Math.Round(spread.P90!.Value, 9));

    [Fact]
    public async Task The_export_streams_the_ranges_touchpoints_as_csv_in_time_order_with_formula_text_defused()
    {
        var response = await _host.GetAsync($"/api/analytics/export.csv?{KnownJourneys.March}&channel=msteams");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("touchpoints-20260301-20260401.csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "id,occurred_at,conversation_id,channel,customer_id,kind,text,cited_article_ids,confidence,latency_ms,reason,agent_id,duration_ms,prompt_tokens,completion_tokens",
            lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        // c5 and c7 are the Teams conversations of March; every row is Teams, in time order.
        Assert.Equal(["c5", "c7"], rows.Select(r => r[2]).Distinct());
        Assert.All(rows, r => Assert.Equal("msteams", r[3]));
        Assert.Equal(rows.Select(r => r[1]).Order(StringComparer.Ordinal), rows.Select(r => r[1]));
        Assert.Contains(rows, r => r[5] == "survey" && r[8] == "2");
        Assert.Contains(rows, r => r[5] == "claimed" && r[11] == "dewi" && r[12] == "120000");
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("-1+1", "'-1+1")]
    [InlineData("@sum", "'@sum")]
    [InlineData("fine, thanks", "\"fine, thanks\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("plain", "plain")]
    public void Export_fields_are_quoted_as_RFC_4180_says_and_never_run_as_formulas(string text, string field)
        => Assert.Equal(field, TouchpointExport.Field(text));

    [Fact]
    public async Task The_export_is_for_supervisors_and_refuses_a_bad_range_with_a_problem()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.GetAsync($"/api/analytics/export.csv?{KnownJourneys.March}", AnalyticsHost.AgentKey)).StatusCode);
        var bad = await _host.GetAsync("/api/analytics/export.csv?from=2026-04-01&to=2026-03-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
    }
}
