using System.Text.Json;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Tests.BotFramework;

public sealed class TeamsFixtureTests
{
    [Fact]
    public void Personal_message_reads_typed_fields()
    {
        var activity = Read("teams-personal-message");

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("1485983408511", activity.Id);
        Assert.Equal(new DateTimeOffset(2017, 2, 1, 21, 10, 7, 437, TimeSpan.Zero), activity.Timestamp);
        Assert.Equal(TimeSpan.FromHours(-7), activity.LocalTimestamp?.Offset);
        Assert.Equal(activity.Timestamp, activity.LocalTimestamp);
        Assert.Equal(ChannelIds.Msteams, activity.ChannelId);
        Assert.Equal("https://smba.trafficmanager.net/amer/", activity.ServiceUrl);
        Assert.Equal("Megan Bowen", activity.From?.Name);
        Assert.Equal("7faf8ab2-3d56-4244-b585-20c8a42ed2b8", activity.From?.AadObjectId);
        Assert.Equal("personal", activity.Conversation?.ConversationType);
        Assert.Null(activity.Conversation?.IsGroup);
        Assert.Equal("28:c9e8c047-2a74-40a2-b28a-b162d5f5327c", activity.Recipient?.Id);
        Assert.Equal(TextFormats.Plain, activity.TextFormat);
        Assert.Equal("Hello Teams TestBot", activity.Text);
        Assert.Equal("en-US", activity.Locale);

        var attachment = Assert.Single(activity.Attachments!);
        Assert.Equal("text/html", attachment.ContentType);
        Assert.Equal(JsonValueKind.String, attachment.Content?.ValueKind);
        Assert.Contains("<strong>bold</strong>", attachment.Content?.GetString(), StringComparison.Ordinal);

        var clientInfo = Assert.Single(activity.Entities!);
        Assert.Equal("clientInfo", clientInfo.Type);
        Assert.Equal("Windows", clientInfo.GetProperty("platform")?.GetString());
        Assert.Equal("America/Los_Angeles", clientInfo.GetProperty("timezone")?.GetString());

        Assert.Equal(
            "72f988bf-86f1-41af-91ab-2d7cd011db47",
            activity.ChannelData?.GetProperty("tenant").GetProperty("id").GetString());
    }

    [Fact]
    public void Channel_thread_message_reads_typed_fields()
    {
        var activity = Read("teams-channel-mention");

        Assert.Equal("<at>ridotest</at> reply to thread", activity.Text);
        Assert.Equal(true, activity.Conversation?.IsGroup);
        Assert.Equal("channel", activity.Conversation?.ConversationType);
        Assert.Equal("50612dbb-0237-4969-b378-8d42590f9c00", activity.Conversation?.TenantId);
        Assert.EndsWith(";messageid=1759881511856", activity.Conversation?.Id, StringComparison.Ordinal);
        // Seven fractional digits survive.
        Assert.Equal(new DateTimeOffset(2025, 10, 8, 17, 33, 1, TimeSpan.Zero).AddTicks(4953744), activity.Timestamp);
        Assert.Equal("America/Los_Angeles", activity.LocalTimezone);
        Assert.Equal(2, activity.Entities?.Count);

        var mention = activity.Entities![0];
        Assert.Equal("mention", mention.Type);
        Assert.Equal("<at>ridotest</at>", mention.GetProperty("text")?.GetString());
        Assert.Equal(activity.Recipient?.Id, mention.GetProperty("mentioned")?.GetProperty("id").GetString());
    }

    [Fact]
    public void Adaptive_card_invoke_reads_name_value_and_reply_to()
    {
        var activity = Read("teams-adaptive-card-invoke");

        Assert.Equal(ActivityTypes.Invoke, activity.Type);
        Assert.Equal("adaptiveCard/action", activity.Name);
        Assert.Equal("f:17b96347-e8b4-f340-10bc-eb52fc1a6ad4", activity.Id);
        Assert.Equal("1767765488332", activity.ReplyToId);
        Assert.Equal(TimeSpan.FromHours(-8), activity.LocalTimestamp?.Offset);

        var value = activity.Value!.Value;
        Assert.Equal("Action.Execute", value.GetProperty("action").GetProperty("type").GetString());
        Assert.Equal("test invokes", value.GetProperty("action").GetProperty("data").GetProperty("feedback").GetString());
        Assert.Equal("manual", value.GetProperty("trigger").GetString());
    }

    [Fact]
    public void Bot_added_to_team_reads_members_and_keeps_unknown_top_level_field()
    {
        var activity = Read("teams-conversation-update-team");

        Assert.Equal(ActivityTypes.ConversationUpdate, activity.Type);
        var added = Assert.Single(activity.MembersAdded!);
        Assert.Equal(activity.Recipient?.Id, added.Id);
        Assert.Null(activity.MembersRemoved);
        Assert.Equal("teamMemberAdded", activity.ChannelData?.GetProperty("eventType").GetString());

        // A2005: historyDisclosed is not modelled; it must survive untouched.
        Assert.Equal(JsonValueKind.False, activity.ExtensionData?["historyDisclosed"].ValueKind);
        Assert.False(JsonAssert.ParseObject(BotJson.Serialize(activity))["historyDisclosed"]!.GetValue<bool>());
    }

    [Fact]
    public void Personal_install_lists_bot_and_user_without_team()
    {
        var activity = Read("teams-conversation-update-personal");

        Assert.Equal(2, activity.MembersAdded?.Count);
        Assert.Equal("28:f5d48856-5b42-41a0-8c3a-c5f944b679b0", activity.MembersAdded![0].Id);
        Assert.Equal("e1c3b7a2-5f4d-4a9e-8c1b-2d3e4f5a6b7c", activity.MembersAdded[1].AadObjectId);
        Assert.Null(activity.LocalTimestamp);
        Assert.False(activity.ChannelData!.Value.TryGetProperty("team", out _));
    }

    [Fact]
    public void Feedback_invoke_reads_value_and_keeps_unknown_account_fields()
    {
        var activity = Read("teams-feedback-invoke");

        Assert.Equal("message/submitAction", activity.Name);
        Assert.Equal("1762965913270", activity.ReplyToId);
        var actionValue = activity.Value!.Value.GetProperty("actionValue");
        Assert.Equal("like", actionValue.GetProperty("reaction").GetString());
        // The feedback text is itself a JSON string, as Teams sends it.
        using var feedback = JsonDocument.Parse(actionValue.GetProperty("feedback").GetString()!);
        Assert.Equal("The reset steps worked.", feedback.RootElement.GetProperty("feedbackText").GetString());

        // Teams-only account fields (TeamsChannelAccount) ride along in ExtensionData.
        Assert.Equal("meganb@contoso.com", activity.From?.ExtensionData?["userPrincipalName"].GetString());
        var from = JsonAssert.ParseObject(BotJson.Serialize(activity))["from"]!.AsObject();
        Assert.Equal("meganb@contoso.com", from["email"]!.GetValue<string>());
    }

    private static Activity Read(string fixture) => BotJson.Deserialize<Activity>(Fixture.Read(fixture));
}
