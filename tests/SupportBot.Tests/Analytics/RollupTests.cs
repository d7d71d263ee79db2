using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupportBot.Analytics;
using SupportBot.Analytics.Demo;
using SupportBot.Answering;
using SupportBot.Knowledge;
using SupportBot.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Analytics;

/// The rollup (conversation facts kept in the store, summed there) against the raw computation over every
/// touchpoint of the range, on seeded demo journeys: the same overview (whole days from analytics_days, partial ones
/// from the facts), drivers, questions and kb-gaps for every segment, a
/// channel and a partial range, and still the same after new touchpoints, a changed rating, a deletion and a purchase
/// that turns earlier conversations into a purchaser's. Runs on whichever store the environment names (SQLite by
/// default, PostgreSQL with Storage__Provider=postgres).
public sealed class RollupTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly AnalyticsHost _host = new();

    [Fact]
    public async Task The_rollup_gives_the_raw_computations_overview_and_drivers_and_follows_changes_to_the_log()
    {
        var services = _host.Factory.Services;
        await services.GetRequiredService<DemoSeeder>().SeedAsync(800, 60, seed: 11);
        var now = _host.Factory.Clock.GetUtcNow();
        var filters = Segments.List.Select(s => new AnalyticsFilter(now.AddDays(-61), now.AddDays(1), null, s))
            .Append(new AnalyticsFilter(now.AddDays(-61), now.AddDays(1), "msteams", Segments.All))
            .Append(new AnalyticsFilter(now.AddDays(-20).AddHours(-5), now.AddDays(-3).AddMinutes(17), null, Segments.All))
            .ToList();
        await AssertSameAsync(filters);

        // Changes the rollup must follow: a new rated conversation, a changed mind about an answer, a conversation
        // deleted (retention), and a purchase by a customer whose earlier conversations become a purchaser's.
        var store = services.GetRequiredService<TouchpointStore>();
        var database = services.GetRequiredService<Database>();
        await store.AppendManyAsync(NewConversation(now.AddDays(-2)));
        string rated;
        string deleted;
        string buyer;
        await using (var connection = await database.OpenAsync())
        {
            rated = await connection.QuerySingleAsync<string>(
                "SELECT conversation_id FROM touchpoints WHERE kind = 'feedback' AND reason = 'like' AND activity_id IS NOT NULL ORDER BY id LIMIT 1");
            deleted = await connection.QuerySingleAsync<string>("SELECT conversation_id FROM touchpoints WHERE kind = 'survey' AND conversation_id LIKE 'demo-%' ORDER BY id DESC LIMIT 1");
            buyer = await connection.QuerySingleAsync<string>(
                "SELECT customer_id FROM touchpoints WHERE kind = 'survey' AND customer_id NOT IN (SELECT customer_id FROM touchpoints WHERE kind = 'purchase') ORDER BY id LIMIT 1");
            await connection.ExecuteAsync("DELETE FROM touchpoints WHERE conversation_id = @deleted", new { deleted });
        }
        var like = (await store.GetConversationAsync(rated)).First(t => t.Kind == TouchpointKind.Feedback && t.Reason == "like" && t.ActivityId is not null);
        await store.RateAsync(like with { Reason = "dislike", OccurredAt = like.OccurredAt.AddSeconds(1) });
        await store.AppendManyAsync([new Touchpoint
        {
            OccurredAt = now.AddDays(-1), ConversationId = "shop-order-1", Channel = "shop", CustomerId = buyer, Kind = TouchpointKind.Purchase, Text = "order",
        }]);
        await AssertSameAsync(filters);

        var facts = await Facts(database);
        Assert.DoesNotContain(deleted, facts);
        await using (var connection = await database.OpenAsync())
        {
            var rows = await connection.QueryAsync<string>("SELECT kind || ' ' || occurred_at || ' ' || id FROM touchpoints WHERE conversation_id = 'rollup-new-1'");
            var state = await connection.QuerySingleAsync<long>("SELECT last_touchpoint_id FROM analytics_rollup_state");
            Assert.True(facts.Contains("rollup-new-1"), $"now {now:O}, watermark {state}: {string.Join("; ", rows)}");
        }
        var purchasers = await services.GetRequiredService<RollupReader>().RatedAsync(
            new AnalyticsFilter(now.AddDays(-61), now.AddDays(1), null, Segments.Find("purchasers")!), CancellationToken.None);
        Assert.Contains(purchasers, r => r.CustomerId == buyer);

        // The endpoints serve the rollup's figures.
        var range = $"from={now.AddDays(-61):yyyy-MM-dd}&to={now.AddDays(1):yyyy-MM-dd}";
        var overview = await _host.DataAsync<OverviewReport>($"/api/analytics/overview?{range}");
        Assert.Equal(facts.Count, overview.Conversations);
    }

    private async Task AssertSameAsync(List<AnalyticsFilter> filters)
    {
        var services = _host.Factory.Services;
        var reader = services.GetRequiredService<AnalyticsReader>();
        var rollup = services.GetRequiredService<RollupReader>();
        var questions = services.GetRequiredService<RollupQuestionReader>();
        var groups = services.GetRequiredService<QuestionGroups>();
        var features = new DriverFeatures(DriverFeatures.DefaultWaitMinutes, services.GetRequiredService<IOptions<AnsweringOptions>>().Value.RepeatSimilarity,
            AnalyticsApi.QuestionTerms(services.GetRequiredService<KnowledgeIndex>()));
        foreach (var filter in filters)
        {
            var raw = await reader.LoadAsync(filter, CancellationToken.None);
            var label = $"{filter.Segment.Id} {filter.Channel} {filter.From:O}";
            Assert.True(raw.Count > 0, label);
            AssertSameJson(OverviewReport.From(raw), await rollup.OverviewAsync(filter, CancellationToken.None), $"overview {label}");
            // The drivers from the store's rated rows (the comparison's path) and from its groups by pattern (the drivers').
            var drivers = SatisfactionDrivers.Rank(raw, features);
            AssertSameJson(drivers, SatisfactionDrivers.Rank(await rollup.RatedAsync(filter, CancellationToken.None), features), $"drivers {label}");
            AssertSameJson(drivers, SatisfactionDrivers.Rank(await rollup.RatedGroupsAsync(filter, features.WaitMinutes, CancellationToken.None), features),
                $"grouped drivers {label}");
            // Questions and kb-gaps: the questions counted by text in the store, grouped as the raw path groups each one.
            var asked = await questions.AskedAsync(filter, CancellationToken.None);
            Assert.True(asked.Count > 0, label);
            AssertSameJson(groups.Group(raw.SelectMany(c => c.QuestionsToTheBot())), groups.Group(asked), $"questions {label}");
            var unanswered = await questions.UnansweredAsync(filter, CancellationToken.None);
            // A small segment (the Indonesian speakers) may well have had every question answered; the whole range must not.
            Assert.True(unanswered.Count > 0 || filter.Segment != Segments.All, label);
            AssertSameJson(KnowledgeGaps.Find(raw, groups, 200), KnowledgeGaps.Find(unanswered, groups, 200), $"kb-gaps {label}");
        }
        // The wait threshold is the request's: the store compares each longest wait with it.
        var shortWait = new DriverFeatures(2, services.GetRequiredService<IOptions<AnsweringOptions>>().Value.RepeatSimilarity,
            AnalyticsApi.QuestionTerms(services.GetRequiredService<KnowledgeIndex>()));
        AssertSameJson(SatisfactionDrivers.Rank(await reader.LoadAsync(filters[0], CancellationToken.None), shortWait),
            SatisfactionDrivers.Rank(await rollup.RatedGroupsAsync(filters[0], shortWait.WaitMinutes, CancellationToken.None), shortWait), "drivers, 2-minute wait");
    }

    private static async Task<List<string>> Facts(Database database)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<string>("SELECT conversation_id FROM conversation_facts")];
    }

    private static Touchpoint[] NewConversation(DateTimeOffset at)
    {
        Touchpoint Make(int seconds, string kind, string? text = null) => new()
        {
            OccurredAt = at.AddSeconds(seconds),
            ConversationId = "rollup-new-1",
            Channel = "directline",
            CustomerId = "rollup-customer-1",
            Kind = kind,
            Text = text,
        };
        return
        [
            Make(0, TouchpointKind.CustomerMessage, "How do I reset my password?"),
            Make(2, TouchpointKind.BotAnswer, "Open settings.") with { LatencyMs = 1234 },
            Make(30, TouchpointKind.Queued),
            Make(90, TouchpointKind.Claimed) with { AgentId = "rollup-agent", DurationMs = 60_000 },
            Make(120, TouchpointKind.Resolution) with { AgentId = "rollup-agent", DurationMs = 30_000 },
            Make(130, TouchpointKind.Survey) with { Confidence = 2 },
        ];
    }

    /// The same JSON, numbers equal to 1e-9 of their size: the store sums in its own order.
    private static void AssertSameJson<T>(T expected, T actual, string label)
    {
        var left = JsonSerializer.SerializeToNode(expected, Json)!;
        var right = JsonSerializer.SerializeToNode(actual, Json)!;
        Compare(left, right, label);
    }

    private static void Compare(JsonNode? left, JsonNode? right, string path)
    {
        switch (left)
        {
            case null:
                Assert.True(right is null, $"{path}: null against {right?.ToJsonString()}");
                break;
            case JsonObject obj:
                var other = Assert.IsType<JsonObject>(right);
                Assert.Equal(obj.Select(p => p.Key), other.Select(p => p.Key));
                foreach (var (key, value) in obj)
                {
                    Compare(value, other[key], $"{path}.{key}");
                }
                break;
            case JsonArray array:
                var items = Assert.IsType<JsonArray>(right);
                Assert.True(array.Count == items.Count, $"{path}: {array.Count} items against {items.Count}");
                for (var i = 0; i < array.Count; i++)
                {
                    Compare(array[i], items[i], $"{path}[{i}]");
                }
                break;
            case JsonValue value when value.TryGetValue<double>(out var number):
                var actual = right!.GetValue<double>();
                Assert.True(Math.Abs(number - actual) <= 1e-9 * Math.Max(1, Math.Abs(number)), $"{path}: {number} against {actual}");
                break;
            default:
                Assert.Equal(left.ToJsonString(), right?.ToJsonString());
                break;
        }
    }

    public void Dispose() => _host.Dispose();
}
