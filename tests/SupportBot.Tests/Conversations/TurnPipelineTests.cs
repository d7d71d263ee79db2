using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Replies;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Conversations;

public sealed class TurnPipelineTests : IClassFixture<SupportBotFactory>
{
    private readonly SupportBotFactory _factory;

    public TurnPipelineTests(SupportBotFactory factory)
    {
        _factory = factory;
        _ = factory.Server; // starts the host: migrations and ingestion run
    }

    private T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();


    [Fact]
    public async Task Turns_of_one_conversation_are_answered_in_arrival_order()
    {
        var sender = new RecordingSender();
        var conversation = Guid.NewGuid().ToString("N");
        string[] questions = ["hello", "How do I reset my password?", "thanks", "How long does a refund take?", "bye"];
        for (var i = 0; i < questions.Length; i++)
        {
            Assert.True(await Get<TurnDispatcher>().DispatchAsync(CustomerMessages.Message(conversation, $"a{i}", questions[i]), sender, CancellationToken.None));
        }
        await Get<ConversationLanes>().DrainAsync();

        var replies = sender.Sent.Where(a => a.Type == ActivityTypes.Message).ToList();
        Assert.Equal(["a0", "a1", "a2", "a3", "a4"], replies.Select(r => r.ReplyToId!).ToArray());
        // The test clock stands still, so every answer is ready before the typing delay ends: each goes out alone.
        Assert.Equal(Enumerable.Repeat(ActivityTypes.Message, 5), sender.Sent.Select(a => a.Type));
    }

    [Fact]
    public async Task Conversations_run_in_parallel_and_each_keeps_its_own_order()
    {
        var senders = Enumerable.Range(0, 8).Select(_ => new RecordingSender()).ToList();
        var conversations = senders.Select(_ => Guid.NewGuid().ToString("N")).ToList();
        // Different questions: asking one again would (rightly) hand the conversation to a person.
        string[] questions = ["How do I track my order?", "How long does a refund take?", "How do I reset my password?"];
        await Parallel.ForEachAsync(Enumerable.Range(0, 8), async (c, ct) =>
        {
            for (var i = 0; i < 6; i++)
            {
                await Get<TurnDispatcher>().DispatchAsync(CustomerMessages.Message(conversations[c], $"m{i}", i % 2 == 0 ? "hi" : questions[i / 2]), senders[c], ct);
            }
        });
        await Get<ConversationLanes>().DrainAsync();
        foreach (var sender in senders)
        {
            Assert.Equal(["m0", "m1", "m2", "m3", "m4", "m5"], sender.Sent.Where(a => a.Type == ActivityTypes.Message).Select(a => a.ReplyToId!).ToArray());
        }
    }

    [Fact]
    public async Task A_message_to_a_quiet_conversation_reads_with_its_claim_everything_the_turns_before_it_logged()
    {
        // The second message finds no lane open, so its history is read in the same round trip as its claim; it
        // still sees the first turn, and asking again is (rightly) a repeated failure.
        var sender = new RecordingSender();
        var conversation = Guid.NewGuid().ToString("N");
        Assert.True(await Get<TurnDispatcher>().DispatchAsync(CustomerMessages.Message(conversation, "q1", "How do I reset my password?"), sender, CancellationToken.None));
        await Get<ConversationLanes>().DrainAsync();
        Assert.True(await Get<TurnDispatcher>().DispatchAsync(CustomerMessages.Message(conversation, "q2", "How do I reset my password?"), sender, CancellationToken.None));
        await Get<ConversationLanes>().DrainAsync();

        var log = await Get<TouchpointStore>().GetConversationAsync(conversation);
        Assert.Equal(
            [TouchpointKind.CustomerMessage, TouchpointKind.BotAnswer, TouchpointKind.CustomerMessage, TouchpointKind.Escalation],
            log.Select(t => t.Kind).Take(4).ToArray());
        Assert.Equal(EscalationReasons.RepeatedFailure, log.Last(t => t.Kind == TouchpointKind.Escalation).Reason);
    }

    [Fact]
    public async Task A_lane_that_empties_and_refills_never_runs_two_turns_of_its_conversation_at_once()
    {
        // Each message arrives about when the turn before it ends, so the lane keeps closing as a new one opens.
        var sender = new OverlapSender();
        var conversation = Guid.NewGuid().ToString("N");
        string[] smallTalk = ["hi", "hello", "thanks", "thank you", "good morning"];
        for (var i = 0; i < 30; i++)
        {
            Assert.True(await Get<TurnDispatcher>().DispatchAsync(CustomerMessages.Message(conversation, $"r{i:00}", smallTalk[i % smallTalk.Length]), sender, CancellationToken.None));
            await Task.Delay(Random.Shared.Next(0, 4));
        }
        await Get<ConversationLanes>().DrainAsync();

        Assert.Equal(0, sender.Overlaps);
        var replies = sender.Sent.Where(a => a.Type == ActivityTypes.Message).Select(a => a.ReplyToId!).ToList();
        Assert.Equal(30, replies.Count);
        Assert.Equal(replies.Order(StringComparer.Ordinal), replies);
    }

    // Takes a moment over each reply, and counts the replies that began while another was still being sent.
    private sealed class OverlapSender : IActivitySender
    {
        private int _sending;

        public int Overlaps;

        public ConcurrentQueue<Activity> Sent { get; } = new();

        public async Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _sending) > 1)
            {
                Interlocked.Increment(ref Overlaps);
            }
            await Task.Delay(2, cancellationToken);
            Sent.Enqueue(activity);
            Interlocked.Decrement(ref _sending);
            return null;
        }
    }

    [Fact]
    public async Task A_retried_activity_id_is_answered_once()
    {
        var sender = new RecordingSender();
        var conversation = Guid.NewGuid().ToString("N");
        var activity = CustomerMessages.Message(conversation, "retry-1", "How do I reset my password?");
        Assert.True(await Get<TurnDispatcher>().DispatchAsync(activity, sender, CancellationToken.None));
        Assert.False(await Get<TurnDispatcher>().DispatchAsync(activity, sender, CancellationToken.None));
        await Get<ConversationLanes>().DrainAsync();
        Assert.Single(sender.Sent, a => a.Type == ActivityTypes.Message);
        var touchpoints = await Get<TouchpointStore>().GetConversationAsync(conversation);
        Assert.Single(touchpoints, t => t.Kind == TouchpointKind.CustomerMessage);
    }

    [Fact]
    public async Task Pruned_activity_ids_are_forgotten_but_recent_ones_are_kept()
    {
        var inbox = Get<InboundActivities>();
        var old = CustomerMessages.Message(Guid.NewGuid().ToString("N"), "old", "hello");
        await inbox.CompleteAsync(Assert.IsType<InboxClaim>(await inbox.TryClaimAsync(old, CancellationToken.None)).Arrival, CancellationToken.None);
        await inbox.PruneAsync(_factory.Clock.GetUtcNow().AddSeconds(1), CancellationToken.None);
        var again = Assert.IsType<InboxClaim>(await inbox.TryClaimAsync(old, CancellationToken.None));
        await inbox.CompleteAsync(again.Arrival, CancellationToken.None);
        await inbox.PruneAsync(_factory.Clock.GetUtcNow().AddDays(-7), CancellationToken.None);
        Assert.Null(await inbox.TryClaimAsync(old, CancellationToken.None));
    }

    [Fact]
    public async Task Every_exchange_is_logged_as_touchpoints_with_citations_confidence_and_latency()
    {
        var sender = new RecordingSender();
        var conversation = Guid.NewGuid().ToString("N");
        await Get<TurnDispatcher>().DispatchAsync(CustomerMessages.Message(conversation, "q1", "How do I reset my password?"), sender, CancellationToken.None);
        await Get<TurnDispatcher>().DispatchAsync(CustomerMessages.Message(conversation, "q2", "what should I wear for a hike in the mountains"), sender, CancellationToken.None);
        await Get<ConversationLanes>().DrainAsync();

        var log = await Get<TouchpointStore>().GetConversationAsync(conversation);
        Assert.Equal([TouchpointKind.CustomerMessage, TouchpointKind.BotAnswer, TouchpointKind.CustomerMessage, TouchpointKind.Escalation], log.Select(t => t.Kind).ToArray());
        var answer = log[1];
        Assert.Equal("account/reset-password", Assert.Single(answer.CitedArticleIds));
        Assert.True(answer.Confidence > 0);
        Assert.NotNull(answer.LatencyMs);
        // The customer the channel's user id resolves to, the same on every touchpoint of the exchange.
        Assert.Equal(await Get<SupportBot.Customers.CustomerStore>().ResolveAsync(new SupportBot.Customers.CustomerIdentity("test", "customer-1")), answer.CustomerId);
        Assert.Equal("test", answer.Channel);
        Assert.Equal("q1", log[0].ActivityId);
        Assert.Equal("out_of_scope", log[3].Reason);

        var escalationReply = sender.Sent.Last(a => a.Type == ActivityTypes.Message);
        Assert.Contains(escalationReply.SuggestedActions!.Actions!, a => a.Title == "Talk to a person");
    }

    [Fact]
    public async Task Welcome_is_sent_when_a_customer_joins_and_logged()
    {
        var sender = new RecordingSender();
        var conversation = Guid.NewGuid().ToString("N");
        var join = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            ChannelId = ChannelIds.Directline,
            Conversation = new ConversationAccount { Id = conversation },
            Recipient = new ChannelAccount { Id = "supportbot" },
            From = new ChannelAccount { Id = "customer-2" },
            MembersAdded = [new ChannelAccount { Id = "supportbot" }, new ChannelAccount { Id = "customer-2" }],
        };
        await Get<TurnDispatcher>().DispatchAsync(join, sender, CancellationToken.None);
        await Get<ConversationLanes>().DrainAsync();
        var welcome = Assert.Single(sender.Sent);
        Assert.Null(welcome.ReplyToId);
        Assert.Equal("customer-2", welcome.Recipient?.Id);
        var log = await Get<TouchpointStore>().GetConversationAsync(conversation);
        Assert.Equal(TouchpointKind.Welcome, Assert.Single(log).Kind);
    }

    [Fact]
    public async Task A_follow_up_is_read_with_the_topic_of_the_conversation()
    {
        var sender = new RecordingSender();
        var conversation = Guid.NewGuid().ToString("N");
        await Get<TurnDispatcher>().DispatchAsync(CustomerMessages.Message(conversation, "f1", "My Lumora Hub is offline, the light is orange"), sender, CancellationToken.None);
        await Get<TurnDispatcher>().DispatchAsync(CustomerMessages.Message(conversation, "f2", "how do I reset it?"), sender, CancellationToken.None);
        await Get<ConversationLanes>().DrainAsync();
        var log = await Get<TouchpointStore>().GetConversationAsync(conversation);
        var followUp = log[^1];
        Assert.Equal(TouchpointKind.BotAnswer, followUp.Kind);
        Assert.StartsWith("troubleshooting/", followUp.CitedArticleIds[0], StringComparison.Ordinal);
    }
}
