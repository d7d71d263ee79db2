using System.Text.Json;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Tests.BotFramework;

public sealed class MentionTests
{
    private const string BotId = "28:0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";

    [Fact]
    public void Strips_the_bot_mention_from_a_Teams_channel_message()
    {
        var activity = BotJson.Deserialize<Activity>(Fixture.Read("teams-channel-mention"));

        Assert.Equal("reply to thread", activity.GetMentionFreeText());
        // The activity itself is untouched.
        Assert.Equal("<at>ridotest</at> reply to thread", activity.Text);
    }

    [Fact]
    public void Matches_by_id_even_when_the_display_name_differs()
    {
        var activity = Message("<at>Support Bot (Contoso)</at>  reset my password ", Mention(BotId, "<at>Support Bot (Contoso)</at>"));

        Assert.Equal("reset my password", activity.GetMentionFreeText());
    }

    [Fact]
    public void Keeps_mentions_of_other_people()
    {
        var activity = Message(
            "<at>ridotest</at> please help <at>Megan</at>",
            Mention(BotId, "<at>ridotest</at>"),
            Mention("29:megan", "<at>Megan</at>"));

        Assert.Equal("please help <at>Megan</at>", activity.GetMentionFreeText());
    }

    [Fact]
    public void Ignores_a_mention_with_the_bot_name_but_another_id()
    {
        var activity = Message("<at>ridotest</at> hi", Mention("29:someone-else", "<at>ridotest</at>"));

        Assert.Equal("<at>ridotest</at> hi", activity.GetMentionFreeText());
    }

    [Fact]
    public void Without_mentions_returns_trimmed_text_and_null_for_no_text()
    {
        Assert.Equal("hello", Message("  hello \n").GetMentionFreeText());
        Assert.Null((Message("x") with { Text = null }).GetMentionFreeText());
    }

    private static Activity Message(string text, params Entity[] entities) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = ChannelIds.Msteams,
        Text = text,
        Recipient = new ChannelAccount { Id = BotId, Name = "ridotest" },
        Entities = entities,
    };

    private static Entity Mention(string id, string text) => new()
    {
        Type = "mention",
        ExtensionData = new Dictionary<string, JsonElement>
        {
            ["mentioned"] = JsonSerializer.SerializeToElement(new { id, name = "n" }),
            ["text"] = JsonSerializer.SerializeToElement(text),
        },
    };
}
