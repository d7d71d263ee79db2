using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Customers;
using SupportBot.Replies;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Conversations;

/// A customer message and the bot's reply are logged together once the reply is sent; the message is logged
/// even when the turn fails before that.
public sealed class TurnTouchpointTests : IClassFixture<SupportBotFactory>
{
    private readonly SupportBotFactory _factory;

    public TurnTouchpointTests(SupportBotFactory factory)
    {
        _factory = factory;
        _ = factory.Server; // starts the host: migrations and ingestion run
    }

    private T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    [Fact]
    public async Task The_message_and_the_reply_are_logged_in_order_with_the_reply_id_and_one_customer()
    {
        var conversation = Guid.NewGuid().ToString("N");
        var customer = $"customer-{conversation}";
        var sender = new RecordingSender();
        await Get<TurnHandler>().HandleAsync(new InboundTurn(CustomerMessages.Message(conversation, "a1", "hi", customer), sender, _factory.Clock.GetUtcNow()), CancellationToken.None);
        await Get<TurnHandler>().HandleAsync(new InboundTurn(CustomerMessages.Message(conversation, "a2", "How do I reset my password?", customer), sender, _factory.Clock.GetUtcNow()), CancellationToken.None);

        var touchpoints = await Get<TouchpointStore>().GetConversationAsync(conversation);
        Assert.Equal(
            [TouchpointKind.CustomerMessage, TouchpointKind.SmallTalk, TouchpointKind.CustomerMessage, TouchpointKind.BotAnswer],
            touchpoints.Select(t => t.Kind).ToArray());
        Assert.Equal(["a1", "a2"], touchpoints.Where(t => t.Kind == TouchpointKind.CustomerMessage).Select(t => t.ActivityId!).ToArray());
        // The reply's touchpoint names the id the channel gave the reply (the typing indicator took the one before).
        var replyIds = sender.Sent.Zip(Enumerable.Range(1, sender.Sent.Count)).Where(s => s.First.Type == ActivityTypes.Message).Select(s => $"sent-{s.Second}");
        Assert.Equal(replyIds, touchpoints.Where(t => t.Kind != TouchpointKind.CustomerMessage).Select(t => t.ActivityId!));
        var known = await Get<CustomerStore>().FindAsync($"test:{customer}", allowIdentity: true);
        Assert.NotNull(known);
        Assert.All(touchpoints, t => Assert.Equal(known, t.CustomerId));
    }

    [Fact]
    public async Task A_turn_whose_reply_cannot_be_sent_still_logs_the_customer_message()
    {
        var conversation = Guid.NewGuid().ToString("N");
        var turn = new InboundTurn(CustomerMessages.Message(conversation, "b1", "hi"), new FailingSender(), _factory.Clock.GetUtcNow());

        await Assert.ThrowsAsync<InvalidOperationException>(() => Get<TurnHandler>().HandleAsync(turn, CancellationToken.None));

        var logged = Assert.Single(await Get<TouchpointStore>().GetConversationAsync(conversation));
        Assert.Equal((TouchpointKind.CustomerMessage, "hi", "b1"), (logged.Kind, logged.Text, logged.ActivityId));
    }

    // A channel client that breaks on the reply itself (not a delivery failure the outbox would take).
    private sealed class FailingSender : IActivitySender
    {
        public Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken)
            => activity.Type == ActivityTypes.Message
                ? throw new InvalidOperationException("The reply could not be built.")
                : Task.FromResult<string?>("typing-1");
    }
}
