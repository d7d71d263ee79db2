using System.Text.Json;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Tests.BotFramework;

public sealed class WireRulesTests
{
    [Fact]
    public void Nulls_empty_strings_and_empty_lists_are_omitted()
    {
        using var nullValue = JsonDocument.Parse("null");
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Text = "",
            Locale = null,
            Speak = string.Empty,
            From = new ChannelAccount { Id = "u1", Name = "" },
            Attachments = [],
            Entities = [],
            MembersAdded = [],
            ListenFor = [],
            SuggestedActions = new SuggestedActions { To = [], Actions = [] },
            Value = nullValue.RootElement.Clone(),
            ChannelData = default(JsonElement),
        };

        JsonAssert.Equivalent("""{"type":"message","from":{"id":"u1"},"suggestedActions":{}}""", BotJson.Serialize(activity));
    }

    [Fact]
    public void Web_Chat_empty_user_name_is_not_echoed()
    {
        var activity = BotJson.Deserialize<Activity>(
            """{"type":"message","text":"hi","from":{"id":"dl_1","name":"","role":"user"},"attachments":[],"value":null}""");

        JsonAssert.Equivalent(
            """{"type":"message","text":"hi","from":{"id":"dl_1","role":"user"}}""",
            BotJson.Serialize(activity));
    }

    [Fact]
    public void Non_empty_lists_are_written()
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            SuggestedActions = new SuggestedActions
            {
                Actions = [new CardAction { Type = ActionTypes.ImBack, Title = "Yes", Value = JsonSerializer.SerializeToElement("yes") }],
            },
            ListenFor = ["yes"],
        };

        JsonAssert.Equivalent(
            """{"type":"message","suggestedActions":{"actions":[{"type":"imBack","title":"Yes","value":"yes"}]},"listenFor":["yes"]}""",
            BotJson.Serialize(activity));
    }

    [Fact]
    public void CallerId_is_never_written()
    {
        var activity = new Activity { Type = ActivityTypes.Message, CallerId = "urn:botframework:azure" };

        var json = BotJson.Serialize(activity);

        Assert.DoesNotContain("callerId", json, StringComparison.OrdinalIgnoreCase);
        JsonAssert.Equivalent("""{"type":"message"}""", json);
    }

    [Theory]
    [InlineData("callerId")]
    [InlineData("CallerID")]
    public void Inbound_callerId_is_discarded(string name)
    {
        var activity = BotJson.Deserialize<Activity>($$"""{"type":"message","{{name}}":"urn:botframework:aadappid:evil"}""");

        Assert.Null(activity.CallerId);
        Assert.Null(activity.ExtensionData);
        Assert.DoesNotContain("callerId", BotJson.Serialize(activity), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Timestamps_are_written_in_their_canonical_forms()
    {
        var instant = new DateTimeOffset(2017, 2, 1, 14, 10, 7, 437, TimeSpan.FromHours(-7));
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Timestamp = instant,
            LocalTimestamp = instant,
            Expiration = new DateTimeOffset(2017, 2, 1, 22, 0, 0, TimeSpan.Zero),
        };

        var json = JsonAssert.ParseObject(BotJson.Serialize(activity));

        Assert.Equal("2017-02-01T21:10:07.437Z", json["timestamp"]!.GetValue<string>());
        Assert.Equal("2017-02-01T14:10:07.437-07:00", json["localTimestamp"]!.GetValue<string>());
        Assert.Equal("2017-02-01T22:00:00Z", json["expiration"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2017-02-01T21:10:07.437Z")]
    [InlineData("2017-02-01T21:10:07.4370000Z")]
    [InlineData("2017-02-01T21:10:07.437+00:00")]
    [InlineData("2017-02-01T14:10:07.437-07:00")]
    [InlineData("2017-02-01T14:10:07.437-0700")]
    [InlineData("2017-02-01 21:10:07.437Z")]
    [InlineData("2017-02-01T21:10:07.437")]
    public void Any_ISO_8601_timestamp_is_read(string value)
    {
        var activity = BotJson.Deserialize<Activity>($$"""{"type":"message","timestamp":"{{value}}","localTimestamp":"{{value}}"}""");

        var expected = new DateTimeOffset(2017, 2, 1, 21, 10, 7, 437, TimeSpan.Zero);
        Assert.Equal(expected, activity.Timestamp);
        Assert.Equal(expected, activity.LocalTimestamp);
        Assert.Equal("2017-02-01T21:10:07.437Z", JsonAssert.ParseObject(BotJson.Serialize(activity))["timestamp"]!.GetValue<string>());
    }

    [Fact]
    public void Local_timestamp_keeps_the_sender_offset()
    {
        var activity = BotJson.Deserialize<Activity>("""{"type":"message","localTimestamp":"2017-02-01T14:10:07.437-0700"}""");

        Assert.Equal(TimeSpan.FromHours(-7), activity.LocalTimestamp?.Offset);
        Assert.Equal(
            "2017-02-01T14:10:07.437-07:00",
            JsonAssert.ParseObject(BotJson.Serialize(activity))["localTimestamp"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("12345")]
    public void Invalid_timestamp_throws_JsonException(string value) =>
        Assert.Throws<JsonException>(() => BotJson.Deserialize<Activity>($$"""{"type":"message","timestamp":{{value}}}"""));

    [Fact]
    public void Reading_is_case_insensitive_and_writing_is_camel_case()
    {
        var activity = BotJson.Deserialize<Activity>(
            """{"Type":"message","TEXT":"hi","From":{"ID":"u1","Name":"Megan"},"ChannelID":"webchat"}""");

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("hi", activity.Text);
        Assert.Equal("u1", activity.From?.Id);
        Assert.Equal(ChannelIds.Webchat, activity.ChannelId);
        Assert.Null(activity.ExtensionData);
        Assert.Equal(
            """{"type":"message","channelId":"webchat","from":{"id":"u1","name":"Megan"},"text":"hi"}""",
            BotJson.Serialize(activity));
    }

    [Fact]
    public void Unknown_activity_types_and_fields_are_accepted()
    {
        const string json = """{"type":"somethingNew","semanticAction":{"id":"a","entities":{}},"conversation":{"id":"c","x-custom":[1,2]}}""";

        var activity = BotJson.Deserialize<Activity>(json);

        Assert.Equal("somethingNew", activity.Type);
        Assert.Equal("a", activity.ExtensionData?["semanticAction"].GetProperty("id").GetString());
        Assert.Equal(2, activity.Conversation?.ExtensionData?["x-custom"].GetArrayLength());
        JsonAssert.Equivalent(json, BotJson.Serialize(activity));
    }

    [Fact]
    public void Markup_and_non_ASCII_text_are_written_unescaped()
    {
        var activity = new Activity { Type = ActivityTypes.Message, Text = "<at>Bot</at> Grüße, 你好" };

        Assert.Contains("\"<at>Bot</at> Grüße, 你好\"", BotJson.Serialize(activity), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"type\":\"message\"")]
    [InlineData("[]")]
    [InlineData("[{\"type\":\"message\"}]")]
    [InlineData("\"message\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"text\":\"no type\"}")]
    [InlineData("{\"type\":null}")]
    public void Bodies_that_are_not_an_activity_throw_JsonException(string body)
    {
        Assert.ThrowsAny<JsonException>(() => BotJson.Deserialize<Activity>(body));
        Assert.ThrowsAny<JsonException>(() => BotJson.Deserialize<Activity>(System.Text.Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public async Task Stream_body_that_is_not_an_object_throws_JsonException()
    {
        await using var stream = new MemoryStream("[1,2]"u8.ToArray());

        await Assert.ThrowsAnyAsync<JsonException>(async () => await BotJson.DeserializeAsync<Activity>(stream));
    }

    [Fact]
    public void Options_are_frozen_and_shareable()
    {
        Assert.True(BotJson.Options.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => BotJson.Options.WriteIndented = true);
    }

    [Fact]
    public void Types_outside_the_schema_follow_the_same_rules()
    {
        // e.g. an invoke response body built by the host.
        var json = BotJson.Serialize(new { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = "Thanks!", Note = "", Extra = (string?)null });

        JsonAssert.Equivalent("""{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Thanks!"}""", json);
    }
}
