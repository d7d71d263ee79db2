using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Tests.BotFramework;

public sealed class DirectLineFixtureTests
{
    [Fact]
    public void Web_Chat_message_reads_client_fields()
    {
        var activity = BotJson.Deserialize<Activity>(Fixture.Read("webchat-message"));

        Assert.Equal(ChannelIds.Webchat, activity.ChannelId);
        Assert.Equal("user", activity.From?.Role);
        Assert.Equal(new DateTimeOffset(2026, 6, 15, 9, 15, 30, 123, TimeSpan.FromHours(-7)), activity.LocalTimestamp);
        Assert.Equal(TimeSpan.FromHours(-7), activity.LocalTimestamp?.Offset);
        Assert.Equal("America/Los_Angeles", activity.LocalTimezone);
        Assert.Null(activity.Id);
        Assert.Null(activity.Timestamp);
        Assert.Equal(
            "1781540130123k3x9q7m2pzd",
            activity.ChannelData?.GetProperty("clientActivityID").GetString());

        var capabilities = Assert.Single(activity.Entities!);
        Assert.Equal("ClientCapabilities", capabilities.Type);
        Assert.True(capabilities.GetProperty("supportsTts")?.GetBoolean());
        Assert.True(capabilities.GetProperty("requiresBotState")?.GetBoolean());
    }

    [Fact]
    public void Activity_set_reads_activities_and_watermark()
    {
        var set = BotJson.Deserialize<ActivitySet>(Fixture.Read("directline-activity-set"));

        Assert.Equal("0000a-42", set.Watermark);
        Assert.Equal(2, set.Activities.Count);
        Assert.Equal("abc123|0000", set.Activities[0].Id);
        Assert.Equal("user1", set.Activities[0].From?.Id);
        Assert.Equal("abc123", set.Activities[0].Conversation?.Id);
        Assert.Equal("abc123|0000", set.Activities[1].ReplyToId);
        Assert.Equal(InputHints.AcceptingInput, set.Activities[1].InputHint);
    }

    [Fact]
    public void Start_conversation_reads_snake_case_expiry()
    {
        var conversation = BotJson.Deserialize<DirectLineConversation>(Fixture.Read("directline-start-conversation"));

        Assert.Equal("abc123", conversation.ConversationId);
        Assert.Equal("RCurR_XV9ZA.cwA...", conversation.Token);
        Assert.Equal(1800, conversation.ExpiresIn);
        Assert.StartsWith("https://directline.botframework.com/v3/directline/conversations/abc123/stream?t=", conversation.StreamUrl, StringComparison.Ordinal);
        Assert.NotNull(conversation.ReferenceGrammarId);
        Assert.Null(conversation.ETag);
    }

    [Fact]
    public void Empty_activity_set_still_writes_activities_array()
    {
        // DirectLineJS iterates activities unconditionally; an omitted array would break it.
        JsonAssert.Equivalent("""{"activities":[],"watermark":"7"}""", BotJson.Serialize(new ActivitySet { Watermark = "7" }));
    }

    [Fact]
    public void Activity_set_without_activities_reads_as_empty()
    {
        var set = BotJson.Deserialize<ActivitySet>("""{"watermark":"3"}""");

        Assert.Empty(set.Activities);
    }

    [Fact]
    public void Direct_Line_names_are_written_exactly()
    {
        var json = BotJson.Serialize(new DirectLineConversation { ConversationId = "c1", ExpiresIn = 3600, ETag = "W/1" });

        JsonAssert.Equivalent("""{"conversationId":"c1","expires_in":3600,"eTag":"W/1"}""", json);
    }

    [Fact]
    public void Token_parameters_accept_DirectLineJS_bodies()
    {
        // DirectLineJS may post {"user":{}} plus fields outside the swagger such as locale.
        var parameters = BotJson.Deserialize<TokenParameters>("""{"user":{},"locale":"en-US"}""");
        Assert.NotNull(parameters.User);
        Assert.Null(parameters.User.Id);

        var full = BotJson.Deserialize<TokenParameters>(
            """{"user":{"id":"dl_u1","name":"Megan"},"trustedOrigins":["https://contoso.com"],"eTag":"x"}""");
        Assert.Equal("dl_u1", full.User?.Id);
        Assert.Equal(["https://contoso.com"], full.TrustedOrigins);
        Assert.Equal("x", full.ETag);
    }
}
