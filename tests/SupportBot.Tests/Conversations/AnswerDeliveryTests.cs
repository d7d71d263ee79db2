using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Replies;

namespace SupportBot.Tests.Conversations;

/// How a Teams answer closes the stream its turn opened, decided from what the stream showed.
public sealed class AnswerDeliveryTests
{
    private static readonly AnswerResult Answer = new(
        AnswerDecision.Answer, "Tap Forgot password? under the password field [1].",
        [new Citation("account/reset-password", "Reset your password", "steps", "Steps") { Passage = "Tap Forgot password? under the password field." }], 0.9, null, [])
    { IsGenerated = true };

    private static InboundTurn Turn(IActivitySender sender) => new(
        CustomerMessages.Message("a:1", "m1", "How do I reset my password?") with
        {
            ChannelId = ChannelIds.Msteams,
            ServiceUrl = "https://smba.trafficmanager.net/teams/",
            Conversation = new ConversationAccount { Id = "a:1", ConversationType = "personal" },
        },
        sender,
        DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_stream_near_Teams_time_limit_is_left_to_expire_and_the_answer_goes_as_a_new_message()
    {
        var sender = new RecordingSender();

        await AnswerDelivery.SendAsync(Turn(sender), Answer, "https://bot.example", "stream-1", new ReplyStreamState("Tap Forgot", false, TimeSpan.FromSeconds(101)), CancellationToken.None);

        var sent = Assert.Single(sender.Sent);
        Assert.Equal(Answer.Text, sent.Text);
        Assert.DoesNotContain(sent.Entities!, e => e.Type == "streaminfo");
    }

    [Fact]
    public async Task A_stream_the_customer_stopped_takes_nothing_more()
    {
        var sender = new RecordingSender();

        var id = await AnswerDelivery.SendAsync(Turn(sender), Answer, "https://bot.example", "stream-1", new ReplyStreamState("Tap Forgot", true, TimeSpan.FromSeconds(3)), CancellationToken.None);

        Assert.Null(id);
        Assert.Empty(sender.Sent);
    }

    [Fact]
    public async Task A_streamed_answer_closes_its_stream_with_its_text()
    {
        var sender = new RecordingSender();

        await AnswerDelivery.SendAsync(Turn(sender), Answer, "https://bot.example", "stream-1", new ReplyStreamState("Tap Forgot", false, TimeSpan.FromSeconds(3)), CancellationToken.None);

        var final = Assert.Single(sender.Sent);
        Assert.Equal(Answer.Text, final.Text);
        var info = Assert.Single(final.Entities!, e => e.Type == "streaminfo").ExtensionData!;
        Assert.Equal("final", info["streamType"].GetString());
        Assert.False(info.ContainsKey("streamSequence"));
        var claim = Assert.Single(final.Entities!, e => e.Type == "https://schema.org/Message").ExtensionData!["citation"][0];
        Assert.Equal(Answer.Citations[0].Passage, claim.GetProperty("appearance").GetProperty("abstract").GetString());
    }
}
