using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;

namespace SupportBot.Tests.BotFramework;

/// Teams activities as Teams sends them, written from the shapes Microsoft documents (each row names its page), and
/// what each one is. tests/conformance/teams-routing.test.mjs reads these rows and runs botbuilder-js's own
/// TeamsActivityHandler on the same fixtures: the SDK must run the handler of the same name, so ours and Microsoft's
/// classify every activity of the corpus alike.
public sealed class TeamsCorpusTests
{
    [Theory]
    [InlineData("teams-personal-message", "message", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/conversation-messages")]
    [InlineData("teams-groupchat-mention", "message", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations")]
    [InlineData("teams-channel-mention", "message", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations")]
    [InlineData("teams-file-download-message", "message", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/bots-filesv4")]
    // A file shared in a channel stays in SharePoint: the message links it (Graph's chatMessage: attachment markup and reference attachments).
    [InlineData("teams-channel-file-message", "message", "https://learn.microsoft.com/en-us/graph/api/resources/chatmessageattachment")]
    [InlineData("teams-inline-image-message", "message", "https://devblogs.microsoft.com/microsoft365dev/working-with-files-in-your-microsoft-teams-bot/")]
    [InlineData("teams-message-edit", "messageEdit", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/conversation-messages")]
    [InlineData("teams-message-undelete", "messageUndelete", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/conversation-messages")]
    [InlineData("teams-message-soft-delete", "messageSoftDelete", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/conversation-messages")]
    [InlineData("teams-conversation-update-personal", "membersAdded", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events")]
    [InlineData("teams-conversation-update-team", "membersAdded", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events")]
    [InlineData("teams-members-removed-bot", "membersRemoved", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events")]
    [InlineData("teams-members-removed-team", "membersRemoved", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events")]
    [InlineData("teams-installation-add", "installationAdd", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events")]
    [InlineData("teams-installation-add-team", "installationAdd", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events")]
    [InlineData("teams-installation-remove", "installationRemove", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events")]
    [InlineData("teams-reaction-added", "reactionsAdded", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events")]
    [InlineData("teams-reaction-removed", "reactionsRemoved", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events")]
    [InlineData("teams-file-consent-accept", "fileConsentAccept", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/bots-filesv4")]
    [InlineData("teams-file-consent-decline", "fileConsentDecline", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/bots-filesv4")]
    [InlineData("teams-adaptive-card-invoke", "adaptiveCardAction", "https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards")]
    // botbuilder-js 4.23 has no handler for the feedback invoke: for the SDK it is an invoke it does not know.
    [InlineData("teams-feedback-invoke", "other", "https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/bot-messages-ai-generated-content")]
    public void Each_activity_of_the_corpus_is_what_Microsofts_handler_calls_it(string fixture, string expected, string source)
    {
        Assert.StartsWith("https://", source, StringComparison.Ordinal);
        var activity = BotJson.Deserialize<Activity>(Fixture.Read(fixture));

        Assert.Equal(ChannelIds.Msteams, activity.ChannelId);
        Assert.Equal(expected, TeamsEvents.Classify(activity));
    }
}
