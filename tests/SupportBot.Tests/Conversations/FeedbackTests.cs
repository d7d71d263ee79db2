using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Conversations;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Hosting;
using SupportBot.Tests.Storage;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Conversations;

/// Ratings of the bot's answers (Teams' feedback buttons, message reactions): each customer has one rating per
/// answer. Pressing twice counts once, and a changed mind replaces the earlier rating.
public sealed class FeedbackTests : IClassFixture<SupportBotFactory>
{
    private const string Answer = "1762965913270";
    private readonly SupportBotFactory _factory;

    public FeedbackTests(SupportBotFactory factory) => _factory = factory;

    private async Task PostAsync(string fixture, string conversation, Action<JsonObject> change)
    {
        var activity = JsonNode.Parse(Fixture.Read(fixture))!.AsObject();
        activity["conversation"]!["id"] = conversation;
        activity["id"] = Guid.NewGuid().ToString("N");
        // Without an app id the bot replies to loopback serviceUrls only; nothing listens there, and the ratings
        // are read from the store.
        activity["serviceUrl"] = "http://127.0.0.1:9/";
        change(activity);
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().PostAsync(new Uri("/api/messages", UriKind.Relative), content)).StatusCode);
        await _factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
    }

    private Task FeedbackAsync(string conversation, string reaction, string from = "29:customer-a")
        => PostAsync("teams-feedback-invoke", conversation, a =>
        {
            a["from"] = new JsonObject { ["id"] = from, ["name"] = "Customer" };
            a["value"]!["actionValue"]!["reaction"] = reaction;
        });

    private Task ReactAsync(string conversation, string reaction, string from = "29:customer-a")
        => PostAsync("teams-personal-message", conversation, a =>
        {
            a["type"] = "messageReaction";
            a.Remove("text");
            a["from"] = new JsonObject { ["id"] = from, ["name"] = "Customer" };
            a["replyToId"] = Answer;
            a["reactionsAdded"] = new JsonArray(new JsonObject { ["type"] = reaction });
        });

    private async Task<List<(string? Rating, string CustomerId)>> RatingsAsync(string conversation)
        => [.. (await _factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(conversation))
            .Where(t => t.Kind == TouchpointKind.Feedback && t.ActivityId == Answer)
            .Select(t => (t.Reason, t.CustomerId))];

    [Fact]
    public async Task Feedback_pressed_twice_counts_once_and_a_changed_mind_replaces_it()
    {
        var conversation = $"a:{Guid.NewGuid():N}";

        await FeedbackAsync(conversation, "like");
        await FeedbackAsync(conversation, "like");
        Assert.Equal(["like"], (await RatingsAsync(conversation)).Select(r => r.Rating));

        await FeedbackAsync(conversation, "dislike");
        Assert.Equal(["dislike"], (await RatingsAsync(conversation)).Select(r => r.Rating));
    }

    [Fact]
    public async Task Reactions_count_once_per_customer_and_answer()
    {
        var conversation = $"a:{Guid.NewGuid():N}";

        await ReactAsync(conversation, "like");
        await ReactAsync(conversation, "heart");
        await ReactAsync(conversation, "like", from: "29:customer-b");
        Assert.Equal(["like", "like"], (await RatingsAsync(conversation)).Select(r => r.Rating));

        await ReactAsync(conversation, "angry");
        var ratings = await RatingsAsync(conversation);
        Assert.Equal(2, ratings.Count);
        Assert.Equal(["dislike", "like"], ratings.Select(r => r.Rating).Order());
    }

    [Fact]
    public async Task The_migration_keeps_the_latest_of_ratings_given_more_than_once_before_it()
    {
        using var store = new TestStore();
        await using var database = MigrationTests.Open(store);
        await MigrationTests.MigrateAsync(database);
        await using (var connection = await database.OpenAsync())
        {
            // The store as it was before the migration, with the duplicates it let in.
            await connection.ExecuteAsync(
                """
                DROP INDEX ux_touchpoints_rating;
                ALTER TABLE handoffs DROP COLUMN surveyed_at;
                DELETE FROM schema_migrations WHERE version = '0015_one_rating_each';
                """);
            foreach (var (customer, rating) in new[] { ("u1", "like"), ("u1", "like"), ("u2", "like"), ("u1", "dislike") })
            {
                await connection.ExecuteAsync(
                    "INSERT INTO touchpoints (occurred_at, conversation_id, channel, customer_id, kind, reason, activity_id) VALUES ('2026-01-01T00:00:00.0000000Z', 'c1', 'msteams', @customer, 'feedback', @rating, @answer)",
                    new { customer, rating, answer = Answer });
            }
        }

        Assert.Equal(["0015_one_rating_each"], await MigrationTests.MigrateAsync(database));

        await using (var connection = await database.OpenAsync())
        {
            var kept = await connection.QueryAsync<(string Customer, string Rating)>("SELECT customer_id, reason FROM touchpoints WHERE kind = 'feedback' ORDER BY customer_id");
            Assert.Equal([("u1", "dislike"), ("u2", "like")], kept);
        }
    }
}
