using System.Text.Json;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Tests.BotFramework;

public sealed class FixtureRoundTripTests
{
    public static TheoryData<string> ActivityFixtures { get; } = new()
    {
        "teams-personal-message",
        "teams-channel-mention",
        "teams-adaptive-card-invoke",
        "teams-conversation-update-team",
        "teams-conversation-update-personal",
        "teams-feedback-invoke",
        "teams-groupchat-mention",
        "teams-message-edit",
        "teams-message-undelete",
        "teams-message-soft-delete",
        "teams-installation-add",
        "teams-installation-add-team",
        "teams-installation-remove",
        "teams-members-removed-bot",
        "teams-members-removed-team",
        "teams-reaction-added",
        "teams-reaction-removed",
        "teams-file-consent-accept",
        "teams-file-consent-decline",
        "teams-file-download-message",
        "teams-inline-image-message",
        "webchat-message",
        "botbuilder-js-reply",
    };

    [Theory]
    [MemberData(nameof(ActivityFixtures))]
    public void Activity_fixture_round_trips_to_equivalent_json(string fixture) =>
        AssertRoundTrip<Activity>(fixture);

    [Fact]
    public void Direct_Line_activity_set_round_trips_to_equivalent_json() =>
        AssertRoundTrip<ActivitySet>("directline-activity-set");

    [Fact]
    public void Direct_Line_start_conversation_round_trips_to_equivalent_json() =>
        AssertRoundTrip<DirectLineConversation>("directline-start-conversation");

    [Theory]
    [MemberData(nameof(ActivityFixtures))]
    public void Activity_fixture_reads_the_same_from_string_and_utf8(string fixture)
    {
        var json = Fixture.Read(fixture);
        var fromString = BotJson.Serialize(BotJson.Deserialize<Activity>(json));
        var fromBytes = BotJson.Serialize(BotJson.Deserialize<Activity>(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Equal(fromString, fromBytes);
    }

    [Fact]
    public async Task Stream_deserialization_reads_a_fixture()
    {
        await using var stream = File.OpenRead(
            Path.Combine(AppContext.BaseDirectory, "BotFramework", "Fixtures", "teams-personal-message.json"));

        var activity = await BotJson.DeserializeAsync<Activity>(stream);

        Assert.Equal("1485983408511", activity.Id);
    }

    private static void AssertRoundTrip<T>(string fixture)
    {
        var original = Fixture.Read(fixture);

        var value = BotJson.Deserialize<T>(original);
        var written = BotJson.Serialize(value);

        JsonAssert.Equivalent(original, written);
        // Reading our own output again must be stable, too.
        Assert.Equal(written, BotJson.Serialize(JsonSerializer.Deserialize<T>(written, BotJson.Options)));
    }
}
