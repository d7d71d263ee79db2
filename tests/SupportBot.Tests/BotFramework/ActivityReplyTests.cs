using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Tests.BotFramework;

public sealed class ActivityReplyTests
{
    [Fact]
    public void Reply_swaps_addressing_and_copies_only_section_1_4_fields()
    {
        var inbound = Read("teams-channel-mention");

        var reply = inbound.CreateReply("On it.");

        Assert.Equal(ActivityTypes.Message, reply.Type);
        Assert.Equal("On it.", reply.Text);
        Assert.Equal(inbound.ChannelId, reply.ChannelId);
        Assert.Equal(inbound.ServiceUrl, reply.ServiceUrl);
        Assert.Equal(inbound.Conversation, reply.Conversation);
        Assert.Equal(inbound.Recipient, reply.From);
        Assert.Equal(inbound.From, reply.Recipient);
        Assert.Equal(inbound.Id, reply.ReplyToId);
        Assert.Equal(inbound.Locale, reply.Locale);

        // Exactly these keys go on the wire: no id/timestamp (A2031/A2041), nothing else inbound.
        var written = JsonAssert.ParseObject(BotJson.Serialize(reply));
        Assert.Equal(
            ["channelId", "conversation", "from", "locale", "recipient", "replyToId", "serviceUrl", "text", "type"],
            written.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reply_keeps_the_Teams_tenant_and_thread_in_the_conversation()
    {
        var inbound = Read("teams-channel-mention");

        var conversation = JsonAssert.ParseObject(BotJson.Serialize(inbound.CreateReply("x")))["conversation"]!;

        Assert.Equal("50612dbb-0237-4969-b378-8d42590f9c00", conversation["tenantId"]!.GetValue<string>());
        Assert.Equal(
            "19:6848757105754c8981c67612732d9aa7@thread.tacv2;messageid=1759881511856",
            conversation["id"]!.GetValue<string>());
        Assert.True(conversation["isGroup"]!.GetValue<bool>());
    }

    [Fact]
    public void Reply_without_text_writes_no_text()
    {
        var reply = Read("teams-personal-message").CreateReply();

        Assert.Null(reply.Text);
        Assert.False(JsonAssert.ParseObject(BotJson.Serialize(reply)).ContainsKey("text"));
    }

    [Theory]
    [InlineData(ChannelIds.Directline)]
    [InlineData(ChannelIds.Webchat)]
    public void Reply_to_Direct_Line_conversation_update_has_no_reply_to_id(string channelId)
    {
        var inbound = ConversationUpdate(channelId);

        Assert.Null(inbound.CreateReply("Welcome!").ReplyToId);
        Assert.Null(inbound.CreateTypingReply().ReplyToId);
        Assert.Null(inbound.GetConversationReference().ActivityId);
    }

    [Fact]
    public void Reply_to_Teams_conversation_update_keeps_reply_to_id()
    {
        var inbound = Read("teams-conversation-update-team");

        Assert.Equal("f:5f85c2ad", inbound.CreateReply("Hello team").ReplyToId);
    }

    [Theory]
    [InlineData(ChannelIds.Directline)]
    [InlineData(ChannelIds.Webchat)]
    public void Reply_to_Direct_Line_message_keeps_reply_to_id(string channelId)
    {
        var inbound = ConversationUpdate(channelId) with { Type = ActivityTypes.Message };

        Assert.Equal(inbound.Id, inbound.CreateReply("hi").ReplyToId);
    }

    [Fact]
    public void Reply_body_matches_what_botbuilder_js_sends()
    {
        var inbound = new Activity
        {
            Type = ActivityTypes.Message,
            Id = "abc123|0000001",
            Timestamp = DateTimeOffset.Parse("2026-06-15T16:15:30.5Z", System.Globalization.CultureInfo.InvariantCulture),
            ChannelId = ChannelIds.Directline,
            ServiceUrl = "http://127.0.0.1:5080/",
            From = new ChannelAccount { Id = "dl_5f1c0e7a9b2d4e8f", Name = "Megan Bowen", Role = "user" },
            Recipient = new ChannelAccount { Id = "supportbot", Name = "SupportBot", Role = "bot" },
            Conversation = new ConversationAccount { Id = "abc123" },
            Locale = "en-US",
            Text = "hello",
        };

        // botbuilder's MessageFactory.text adds inputHint acceptingInput; the rest is addressing.
        var reply = inbound.CreateReply("Echo: hello") with { InputHint = InputHints.AcceptingInput };

        JsonAssert.Equivalent(Fixture.Read("botbuilder-js-reply"), BotJson.Serialize(reply));
    }

    [Fact]
    public void Typing_reply_has_reply_addressing_and_no_text()
    {
        var inbound = Read("teams-personal-message");

        var typing = inbound.CreateTypingReply();

        Assert.Equal(ActivityTypes.Typing, typing.Type);
        Assert.Null(typing.Text);
        Assert.Equal(inbound.Recipient, typing.From);
        Assert.Equal(inbound.From, typing.Recipient);
        Assert.Equal(inbound.Conversation, typing.Conversation);
        Assert.Equal(inbound.ChannelId, typing.ChannelId);
        Assert.Equal(inbound.ServiceUrl, typing.ServiceUrl);
        Assert.Equal(inbound.Id, typing.ReplyToId);
        Assert.Null(typing.Id);
        Assert.Null(typing.Entities);
    }

    [Fact]
    public void Conversation_reference_captures_what_proactive_messages_need()
    {
        var inbound = Read("teams-feedback-invoke");

        var reference = inbound.GetConversationReference();

        Assert.Equal(inbound.Id, reference.ActivityId);
        Assert.Equal(inbound.From, reference.User);
        Assert.Equal(inbound.Recipient, reference.Bot);
        Assert.Equal(inbound.Conversation, reference.Conversation);
        Assert.Equal("72f988bf-86f1-41af-91ab-2d7cd011db47", reference.Conversation?.TenantId);
        Assert.Equal(ChannelIds.Msteams, reference.ChannelId);
        Assert.Equal("en-US", reference.Locale);
        Assert.Equal(inbound.ServiceUrl, reference.ServiceUrl);
    }

    private static Activity ConversationUpdate(string channelId) => new()
    {
        Type = ActivityTypes.ConversationUpdate,
        Id = "abc123|0000000",
        ChannelId = channelId,
        ServiceUrl = "http://127.0.0.1:5080/",
        From = new ChannelAccount { Id = "dl_user" },
        Recipient = new ChannelAccount { Id = "supportbot", Role = "bot" },
        Conversation = new ConversationAccount { Id = "abc123" },
        MembersAdded = [new ChannelAccount { Id = "supportbot" }],
    };

    private static Activity Read(string fixture) => BotJson.Deserialize<Activity>(Fixture.Read(fixture));
}
