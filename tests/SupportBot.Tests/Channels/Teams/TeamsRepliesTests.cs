using System.Text.Json;
using SupportBot.Answering;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Conversations;
using SupportBot.Localization;
using SupportBot.Tests.BotFramework;

namespace SupportBot.Tests.Channels.Teams;

public sealed class TeamsRepliesTests
{
    private static readonly Citation Reset = new("account/reset-password", "Reset your password", "steps", "Steps");
    private static readonly AnswerResult Answer = new(AnswerDecision.Answer, "Open Settings and choose **Reset password**.", [Reset], 0.8, null, ["account/reset-password"]);

    private static Activity Inbound(string fixture) => BotJson.Deserialize<Activity>(Fixture.Read(fixture));

    private static JsonElement Card(Activity reply)
    {
        var attachment = Assert.Single(reply.Attachments!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        return attachment.Content!.Value;
    }

    [Fact]
    public void A_personal_chat_answer_is_an_adaptive_card_with_numbered_sources_and_a_handoff_action()
    {
        var reply = ChannelReplies.Answer(Inbound("teams-personal-message"), Answer, "https://support.example.com", streamId: null);

        var card = Card(reply);
        var texts = card.GetProperty("body").EnumerateArray().Select(b => b.GetProperty("text").GetString()).ToList();
        Assert.Equal(Answer.Text, texts[0]);
        Assert.Contains("[1] [Reset your password: Steps](https://support.example.com/kb/account/reset-password#steps)", texts);
        var action = Assert.Single(card.GetProperty("actions").EnumerateArray());
        Assert.Equal("Action.Execute", action.GetProperty("type").GetString());
        Assert.Equal("handoff", action.GetProperty("verb").GetString());
        Assert.Equal(Answer.Text, reply.Summary);
        Assert.Null(reply.Text);
        Assert.True(reply.ChannelData!.Value.GetProperty("feedbackLoopEnabled").GetBoolean());
        Assert.Equal("default", reply.ChannelData!.Value.GetProperty("feedbackLoop").GetProperty("type").GetString());
    }

    [Fact]
    public void The_citation_entity_is_the_single_schema_org_message_and_carries_the_ai_label_only_for_generated_answers()
    {
        var extractive = ChannelReplies.Answer(Inbound("teams-personal-message"), Answer, "https://support.example.com", streamId: null);
        var generated = ChannelReplies.Answer(Inbound("teams-personal-message"), Answer with { IsGenerated = true }, "https://support.example.com", streamId: null);

        var entity = Assert.Single(extractive.Entities!, e => e.Type == GeneratedMessageEntity.EntityType);
        Assert.Null(entity.GetProperty("additionalType"));
        var claim = Assert.Single(entity.GetProperty("citation")!.Value.EnumerateArray());
        Assert.Equal(1, claim.GetProperty("position").GetInt32());
        Assert.Equal("https://support.example.com/kb/account/reset-password#steps", claim.GetProperty("appearance").GetProperty("url").GetString());

        var label = Assert.Single(generated.Entities!, e => e.Type == GeneratedMessageEntity.EntityType);
        Assert.Equal("AIGeneratedContent", Assert.Single(label.GetProperty("additionalType")!.Value.EnumerateArray()).GetString());
    }

    [Fact]
    public void In_a_personal_chat_the_bot_streams_an_informative_update_then_ends_the_stream_with_the_answer()
    {
        var inbound = Inbound("teams-personal-message");
        var thinking = ChannelReplies.Thinking(inbound, BotMessages.English);
        Assert.Equal(ActivityTypes.Typing, thinking.Type);
        Assert.Equal(BotMessages.English.Thinking, thinking.Text);
        var start = Assert.Single(thinking.Entities!);
        Assert.Equal("streaminfo", start.Type);
        Assert.Equal("informative", start.GetProperty("streamType")!.Value.GetString());
        Assert.Equal(1, start.GetProperty("streamSequence")!.Value.GetInt32());

        var final = Assert.Single(ChannelReplies.Answer(inbound, Answer, "", streamId: "stream-7").Entities!, e => e.Type == "streaminfo");
        Assert.Equal("final", final.GetProperty("streamType")!.Value.GetString());
        Assert.Equal("stream-7", final.GetProperty("streamId")!.Value.GetString());
        Assert.Null(final.GetProperty("streamSequence"));
    }

    [Fact]
    public void In_a_team_channel_the_bot_sends_a_plain_typing_indicator_and_no_stream()
    {
        var inbound = Inbound("teams-channel-mention");
        Assert.Null(ChannelReplies.Thinking(inbound, BotMessages.English).Entities);
        var reply = ChannelReplies.Answer(inbound, Answer, "", streamId: "ignored");
        Assert.DoesNotContain(reply.Entities!, e => e.Type == "streaminfo");
    }

    [Fact]
    public void Without_a_public_address_sources_are_named_not_linked()
    {
        var card = Card(ChannelReplies.Answer(Inbound("teams-personal-message"), Answer, "", streamId: null));
        Assert.Contains(card.GetProperty("body").EnumerateArray(), b => b.GetProperty("text").GetString() == "[1] Reset your password: Steps");
    }

    [Fact]
    public void Small_talk_and_a_granted_request_for_a_person_are_plain_messages()
    {
        var inbound = Inbound("teams-personal-message");
        var smallTalk = ChannelReplies.Answer(inbound, new AnswerResult(AnswerDecision.SmallTalk, BotMessages.English.Greeting, [], 1, null, []), "", null);
        var handoff = ChannelReplies.Answer(inbound, new AnswerResult(AnswerDecision.Escalate, BotMessages.English.HumanRequested, [], 0, EscalationReasons.CustomerAsked, []), "", null);
        Assert.Equal(BotMessages.English.Greeting, smallTalk.Text);
        Assert.Null(smallTalk.Attachments);
        Assert.Equal(BotMessages.English.HumanRequested, handoff.Text);
        Assert.Null(handoff.Attachments);
    }

    [Fact]
    public void Channels_that_render_neither_markdown_nor_cards_get_plain_text_with_sources()
    {
        var inbound = Inbound("teams-personal-message") with { ChannelId = "sms" };
        var reply = ChannelReplies.Answer(inbound, Answer, "https://support.example.com", null);
        Assert.Equal(TextFormats.Plain, reply.TextFormat);
        Assert.Equal($"{Answer.Text}\n\nSource: Reset your password (https://support.example.com/kb/account/reset-password#steps)", reply.Text);
        Assert.Null(reply.Attachments);
    }
}
