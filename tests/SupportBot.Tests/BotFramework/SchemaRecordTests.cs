using System.Text.Json;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Tests.BotFramework;

public sealed class SchemaRecordTests
{
    [Fact]
    public void Error_response_factory_writes_the_connector_error_shape()
    {
        JsonAssert.Equivalent(
            """{"error":{"code":"BotError","message":"The bot did not answer."}}""",
            BotJson.Serialize(ErrorResponse.Create("BotError", "The bot did not answer.")));
    }

    [Fact]
    public void Recorded_connector_error_round_trips()
    {
        const string recorded = """{"error":{"code":"BadArgument","message":"Slack API error","innerHttpError":{"statusCode":200,"body":{"ok":false,"error":"channel_not_found"}}}}""";

        var error = BotJson.Deserialize<ErrorResponse>(recorded);

        Assert.Equal("BadArgument", error.Error?.Code);
        Assert.Equal(200, error.Error?.InnerHttpError?.StatusCode);
        Assert.Equal("channel_not_found", error.Error?.InnerHttpError?.Body?.GetProperty("error").GetString());
        JsonAssert.Equivalent(recorded, BotJson.Serialize(error));
    }

    [Fact]
    public void Resource_response_accepts_the_empty_streaming_acknowledgement()
    {
        Assert.Null(BotJson.Deserialize<ResourceResponse>("{}").Id);
        Assert.Equal("1562094707.004500", BotJson.Deserialize<ResourceResponse>("""{"id":"1562094707.004500"}""").Id);
    }

    [Fact]
    public void Create_conversation_bodies_round_trip()
    {
        const string parameters = """{"isGroup":false,"bot":{"id":"28:c9e8c047-2a74-40a2-b28a-b162d5f5327c"},"members":[{"id":"29:1XJKJMvc5GB"}],"tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47","activity":{"type":"message","text":"Your ticket was updated."},"channelData":{"tenant":{"id":"72f988bf-86f1-41af-91ab-2d7cd011db47"}}}""";
        const string response = """{"activityId":"1562101187.000500","id":"BKGSYSTFG:TKGSUQHQE:DKE8NUG92"}""";

        var request = BotJson.Deserialize<ConversationParameters>(parameters);
        var created = BotJson.Deserialize<ConversationResourceResponse>(response);

        Assert.False(request.IsGroup);
        Assert.Equal("Your ticket was updated.", request.Activity?.Text);
        Assert.Equal("1562101187.000500", created.ActivityId);
        JsonAssert.Equivalent(parameters, BotJson.Serialize(request));
        JsonAssert.Equivalent(response, BotJson.Serialize(created));
    }

    [Fact]
    public void Entity_properties_are_read_tolerantly()
    {
        var entity = BotJson.Deserialize<Entity>("""{"type":"clientInfo","Locale":"de-DE","platform":"Web"}""");

        Assert.Equal("de-DE", entity.GetProperty("locale")?.GetString());
        Assert.Equal("Web", entity.GetProperty("platform")?.GetString());
        Assert.Null(entity.GetProperty("country"));
        Assert.Null(new Entity { Type = "mention" }.GetProperty("text"));
    }

    [Fact]
    public void Records_support_with_expressions()
    {
        var original = new Activity { Type = ActivityTypes.Message, Text = "a" };

        var changed = original with { Text = "b", CallerId = "urn:botframework:azure" };

        Assert.Equal("a", original.Text);
        Assert.Equal("b", changed.Text);
        Assert.Equal("urn:botframework:azure", changed.CallerId);
    }

    [Fact]
    public void Message_reactions_and_members_removed_read()
    {
        var activity = BotJson.Deserialize<Activity>(
            """{"type":"messageReaction","replyToId":"1762965913270","reactionsAdded":[{"type":"like"}],"membersRemoved":[{"id":"29:x"}]}""");

        Assert.Equal("like", Assert.Single(activity.ReactionsAdded!).Type);
        Assert.Equal("29:x", Assert.Single(activity.MembersRemoved!).Id);
    }
}
