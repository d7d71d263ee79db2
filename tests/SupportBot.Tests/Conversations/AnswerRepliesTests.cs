using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Localization;

namespace SupportBot.Tests.Conversations;

public sealed class AnswerRepliesTests
{
    private static readonly AnswerResult Answer = new(
        AnswerDecision.Answer, "Refunds take 5-10 business days.", [new Citation("billing/refund-timing", "Refunds", "how-long", "How long")], 0.9, null, []);

    private static Activity Inbound(string channel, string serviceUrl) => new()
    {
        Type = ActivityTypes.Message,
        Id = "1",
        ChannelId = channel,
        ServiceUrl = serviceUrl,
        Conversation = new ConversationAccount { Id = "c" },
        From = new ChannelAccount { Id = "u" },
        Recipient = new ChannelAccount { Id = "b" },
    };

    [Fact]
    public void Direct_Line_replies_link_to_the_host_the_chat_reached()
    {
        var reply = AnswerReplies.Create(Inbound(ChannelIds.Directline, "https://chat.example.com/"), Answer, string.Empty);
        Assert.Contains("[Refunds: How long](https://chat.example.com/kb/billing/refund-timing#how-long)", reply.Text, StringComparison.Ordinal);
        Assert.Equal("1", reply.ReplyToId);
    }

    [Fact]
    public void The_configured_public_address_wins_and_other_channels_use_it_too()
    {
        var reply = AnswerReplies.Create(Inbound(ChannelIds.Msteams, "https://smba.trafficmanager.net/amer/"), Answer, "https://support.example.com/");
        Assert.Contains("(https://support.example.com/kb/billing/refund-timing#how-long)", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_public_address_a_Teams_reply_never_links_to_the_channel_service()
    {
        var reply = AnswerReplies.Create(Inbound(ChannelIds.Msteams, "https://smba.trafficmanager.net/amer/"), Answer, string.Empty);
        Assert.Contains("(/kb/billing/refund-timing#how-long)", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsure_answers_offer_a_person_and_the_closest_article()
    {
        var unsure = new AnswerResult(AnswerDecision.Escalate, BotMessages.English.NotSure, [], 0.2, EscalationReasons.LowConfidence, [])
        {
            ClosestArticle = new Citation("billing/refund-timing", "Refunds", "refunds", "Refunds"),
        };
        var reply = AnswerReplies.Create(Inbound(ChannelIds.Directline, "http://localhost:5000/"), unsure, string.Empty);
        Assert.Contains("The closest article I found: [Refunds](http://localhost:5000/kb/billing/refund-timing#refunds)", reply.Text, StringComparison.Ordinal);
        Assert.Equal(BotMessages.English.TalkToPerson, Assert.Single(reply.SuggestedActions!.Actions!).Title);
    }
}
