using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.BotFramework.Schema;
using SupportBot.Channels.BotFramework;
using SupportBot.Channels.DirectLine;
using SupportBot.Conversations;
using SupportBot.Replies;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Conversations;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Customers;

/// On request a supervisor exports everything stored about a customer, or erases all of it; both are audited
/// without naming the customer.
public sealed class PrivacyTests(CustomerHost host) : IClassFixture<CustomerHost>
{
    // A Web Chat customer who asked a question, sent a file, asked for a person (nobody online: a message left),
    // and bought something in the shop.
    private async Task<(string Customer, DirectLineClient Chat, string Email)> CustomerWithHistoryAsync()
    {
        var chat = new DirectLineClient(host.Factory.CreateClient());
        await chat.StartAsync();
        async Task SayAsync(string text)
        {
            (await chat.PostAsync(new { type = "message", from = new { id = "customer" }, text })).EnsureSuccessStatusCode();
            await host.Get<ConversationLanes>().DrainAsync();
        }
        await SayAsync("How do I reset my password?");
        await host.Get<DirectLineAttachments>().SaveAsync(chat.ConversationId, "hub.png", "image/png", [1, 2, 3, 4], CancellationToken.None);
        await SayAsync("I want to talk to a person");
        await SayAsync("Please call me back on +62 812 3456 7890");
        var customer = await host.CustomerOfAsync(chat.ConversationId);
        var email = $"{Guid.NewGuid():N}@example.com";
        (await host.PostTouchpointsAsync(new JsonObject
        {
            ["customerId"] = customer,
            ["identities"] = new JsonArray($"email:{email}"),
            ["kind"] = "purchase",
            ["occurredAt"] = "2026-03-01T10:00:00Z",
            ["source"] = "shop",
            ["amount"] = 20,
            ["currency"] = "EUR",
        }.ToJsonString())).EnsureSuccessStatusCode();
        return (customer, chat, email);
    }

    [Fact]
    public async Task An_export_holds_identities_touchpoints_transcript_handoffs_and_attachment_metadata()
    {
        var (customer, chat, email) = await CustomerWithHistoryAsync();
        var audited = await host.CountAsync("SELECT COUNT(*) FROM privacy_audit WHERE action = 'export'");

        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client(CustomerHost.AgentKey).GetAsync($"/api/customers/{customer}/export")).StatusCode);
        var export = await host.Client(CustomerHost.SupervisorKey).GetFromJsonAsync<JsonElement>($"/api/customers/email%3A{Uri.EscapeDataString(email)}/export");

        Assert.Equal(customer, export.GetProperty("customerId").GetString());
        Assert.Equal(["directline", "email"], export.GetProperty("identities").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).Order(StringComparer.Ordinal));
        var kinds = export.GetProperty("touchpoints").EnumerateArray().Select(t => t.GetProperty("kind").GetString()).ToList();
        Assert.Contains("customer_message", kinds);
        Assert.Contains("bot_answer", kinds);
        Assert.Contains("ticket", kinds);
        Assert.Contains("purchase", kinds);
        Assert.Equal(chat.ConversationId, Assert.Single(export.GetProperty("handoffs").EnumerateArray()).GetProperty("conversation_id").GetString());
        var conversation = Assert.Single(export.GetProperty("conversations").EnumerateArray());
        Assert.Equal(chat.ConversationId, conversation.GetProperty("conversationId").GetString());
        Assert.Contains(conversation.GetProperty("activities").EnumerateArray(), a => a.TryGetProperty("text", out var t) && t.GetString() == "How do I reset my password?");
        var attachment = Assert.Single(conversation.GetProperty("attachments").EnumerateArray());
        Assert.Equal(("hub.png", "image/png", 4), (attachment.GetProperty("name").GetString(), attachment.GetProperty("contentType").GetString(), attachment.GetProperty("bytes").GetInt32()));
        Assert.False(attachment.TryGetProperty("content", out _));
        Assert.Equal(audited + 1, await host.CountAsync("SELECT COUNT(*) FROM privacy_audit WHERE action = 'export' AND actor = 'sari'"));
    }

    [Fact]
    public async Task Erasing_removes_the_customer_from_every_table_and_leaves_others_alone()
    {
        var (customer, chat, email) = await CustomerWithHistoryAsync();
        var (other, otherChat, _) = await CustomerWithHistoryAsync();
        var conversation = chat.ConversationId;
        Assert.True(await host.CountAsync("SELECT COUNT(*) FROM inbound_activities WHERE conversation_id = @conversation", new { conversation }) > 0);

        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client(CustomerHost.AgentKey).DeleteAsync($"/api/customers/{customer}")).StatusCode);
        var erased = await host.Client(CustomerHost.SupervisorKey).DeleteAsync($"/api/customers/{customer}");

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var checks = new Dictionary<string, string>
        {
            ["touchpoints"] = "SELECT COUNT(*) FROM touchpoints WHERE customer_id = @customer OR conversation_id = @conversation",
            ["handoffs"] = "SELECT COUNT(*) FROM handoffs WHERE customer_id = @customer OR conversation_id = @conversation",
            ["customer_identities"] = "SELECT COUNT(*) FROM customer_identities WHERE customer_id = @customer OR value = @email",
            ["customers"] = "SELECT COUNT(*) FROM customers WHERE id = @customer OR merged_into = @customer",
            ["directline_conversations"] = "SELECT COUNT(*) FROM directline_conversations WHERE id = @conversation",
            ["directline_activities"] = "SELECT COUNT(*) FROM directline_activities WHERE conversation_id = @conversation",
            ["directline_attachments"] = "SELECT COUNT(*) FROM directline_attachments WHERE conversation_id = @conversation",
            ["inbound_activities"] = "SELECT COUNT(*) FROM inbound_activities WHERE conversation_id = @conversation",
            ["connector_outbox"] = "SELECT COUNT(*) FROM connector_outbox WHERE conversation_key LIKE @key",
        };
        foreach (var (table, sql) in checks)
        {
            Assert.True(0 == await host.CountAsync(sql, new { customer, conversation, email, key = $"%{conversation}" }), $"{table} still holds the customer's rows");
        }
        Assert.True(await host.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE customer_id = @other", new { other }) > 3);
        Assert.Equal(1, await host.CountAsync("SELECT COUNT(*) FROM directline_attachments WHERE conversation_id = @id", new { id = otherChat.ConversationId }));
        // The audit row counts what went, and names no one.
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM privacy_audit WHERE detail LIKE @p OR detail LIKE @q", new { p = $"%{customer}%", q = $"%{conversation}%" }));
        Assert.True(await host.CountAsync("SELECT COUNT(*) FROM privacy_audit WHERE action = 'erase' AND detail LIKE '%touchpoints=%'") > 0);
        // The chat itself is gone too, even from the host's memory of recent conversations, and its token is revoked.
        Assert.Equal(HttpStatusCode.NotFound, (await chat.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation}/activities", credential: SupportBotFactory.TestSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await chat.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation}/activities")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client(CustomerHost.AgentKey).GetAsync($"/api/customers/{customer}/journey")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client(CustomerHost.SupervisorKey).DeleteAsync($"/api/customers/{customer}")).StatusCode);
    }

    [Fact]
    public async Task Erasing_forgets_the_answers_kept_for_retried_posts_that_named_the_customer()
    {
        var (customer, _, _) = await CustomerWithHistoryAsync();
        var (other, _, _) = await CustomerWithHistoryAsync();
        foreach (var who in new[] { customer, other })
        {
            var purchase = new JsonObject { ["customerId"] = who, ["kind"] = "purchase", ["occurredAt"] = "2026-03-02T10:00:00Z", ["source"] = "shop" };
            (await host.PostTouchpointsAsync(purchase.ToJsonString(), idempotencyKey: $"order-{Guid.NewGuid():N}")).EnsureSuccessStatusCode();
        }
        const string Naming = "SELECT COUNT(*) FROM idempotency_keys WHERE response LIKE @pattern";
        Assert.Equal(1, await host.CountAsync(Naming, new { pattern = $"%{customer}%" }));

        (await host.Client(CustomerHost.SupervisorKey).DeleteAsync($"/api/customers/{customer}")).EnsureSuccessStatusCode();

        Assert.Equal(0, await host.CountAsync(Naming, new { pattern = $"%{customer}%" }));
        Assert.Equal(1, await host.CountAsync(Naming, new { pattern = $"%{other}%" }));
    }

    [Fact]
    public async Task A_turn_still_running_when_its_customer_is_erased_writes_nothing_of_them_back()
    {
        var conversation = $"race-{Guid.NewGuid():N}";
        var user = $"visitor-{Guid.NewGuid():N}";
        await host.SayAsync(conversation, user, "How do I reset my password?");
        var customer = await host.CustomerOfAsync(conversation);
        var held = new HeldSender();
        var message = CustomerMessages.Message(conversation, Guid.NewGuid().ToString("N"), "My e-mail is ana@example.com, can you change it?", user) with { ChannelId = "directline" };
        await host.Get<TurnDispatcher>().DispatchAsync(message, held, CancellationToken.None);
        // The turn has read its customer and is sending its reply; its touchpoints are not written yet.
        await held.Reached.WaitAsync(TimeSpan.FromSeconds(30));

        var erased = await host.Client(CustomerHost.SupervisorKey).DeleteAsync($"/api/customers/{customer}");
        held.Release();
        await host.Get<ConversationLanes>().DrainAsync();

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var parameters = new { customer, conversation, user };
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE customer_id = @customer OR conversation_id = @conversation", parameters));
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM handoffs WHERE customer_id = @customer OR conversation_id = @conversation", parameters));
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM inbound_activities WHERE conversation_id = @conversation", parameters));
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM customer_identities WHERE customer_id = @customer OR value = @user", parameters));
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM customers WHERE id = @customer", parameters));
    }

    [Fact]
    public async Task Once_erased_the_store_takes_no_touchpoint_handoff_or_upload_about_the_customer()
    {
        var (customer, chat, _) = await CustomerWithHistoryAsync();
        (await host.Client(CustomerHost.SupervisorKey).DeleteAsync($"/api/customers/{customer}")).EnsureSuccessStatusCode();

        await host.Get<TouchpointStore>().AppendAsync(new Touchpoint
        {
            OccurredAt = DateTimeOffset.UtcNow,
            ConversationId = chat.ConversationId,
            Channel = "directline",
            CustomerId = customer,
            Kind = "customer_message",
            Text = "late",
        });
        var handoff = await Assert.ThrowsAnyAsync<DbException>(() => host.CountAsync(
            """
            INSERT INTO handoffs (channel, conversation_id, customer_id, state, reason, summary, queue, reference, route, queued_at)
            VALUES ('directline', @conversation, @customer, 'queued', 'asked', 'late', 'general', '{}', 'directline', '2026-03-01T10:00:00.0000000Z')
            """,
            new { conversation = chat.ConversationId, customer }));
        var upload = await Assert.ThrowsAnyAsync<DbException>(
            () => host.Get<DirectLineAttachments>().SaveAsync(chat.ConversationId, "late.png", "image/png", [1], CancellationToken.None));

        Assert.Contains("erased", handoff.Message, StringComparison.Ordinal);
        Assert.Contains("erased", upload.Message, StringComparison.Ordinal);
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM touchpoints WHERE customer_id = @customer", new { customer }));
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM directline_attachments WHERE conversation_id = @id", new { id = chat.ConversationId }));
    }

    [Fact]
    public async Task A_reply_queued_after_its_customer_is_erased_is_dropped_and_one_to_the_customer_coming_back_is_kept()
    {
        var conversation = $"outbox-{Guid.NewGuid():N}";
        var user = $"teams-user-{Guid.NewGuid():N}";
        await host.SayAsync(conversation, user, "How do I reset my password?", channel: "msteams");
        var customer = await host.CustomerOfAsync(conversation);
        var outbox = host.Get<ConnectorOutbox>();
        var held = new HeldSender(outbox);
        var message = CustomerMessages.Message(conversation, Guid.NewGuid().ToString("N"), "My e-mail is ana@example.com, can you change it?", user) with { ChannelId = "msteams" };
        var key = ConnectorOutbox.KeyOf(message);
        await host.Get<TurnDispatcher>().DispatchAsync(message, held, CancellationToken.None);
        await held.Reached.WaitAsync(TimeSpan.FromSeconds(30));

        // The channel is down when the turn's reply goes out, just after the erasure: it would wait in the outbox.
        (await host.Client(CustomerHost.SupervisorKey).DeleteAsync($"/api/customers/{customer}")).EnsureSuccessStatusCode();
        held.Release();
        await host.Get<ConversationLanes>().DrainAsync();

        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM connector_outbox WHERE conversation_key = @key OR customer_id = @customer", new { key, customer }));

        // The same person writes again in the same (stable) Teams conversation: a new customer, whose reply waits.
        var again = CustomerMessages.Message(conversation, Guid.NewGuid().ToString("N"), "Hello again", user) with { ChannelId = "msteams" };
        var queuing = new HeldSender(outbox);
        queuing.Release();
        await host.Get<TurnDispatcher>().DispatchAsync(again, queuing, CancellationToken.None);
        await host.Get<ConversationLanes>().DrainAsync();
        var returning = await host.CustomerOfAsync(conversation);

        Assert.NotEqual(customer, returning);
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM connector_outbox WHERE conversation_key = @key AND customer_id IS DISTINCT FROM @returning", new { key, returning }));
        Assert.True(await host.CountAsync("SELECT COUNT(*) FROM connector_outbox WHERE conversation_key = @key AND customer_id = @returning", new { key, returning }) > 0);

        // Erasing the returning customer removes their waiting replies too.
        (await host.Client(CustomerHost.SupervisorKey).DeleteAsync($"/api/customers/{returning}")).EnsureSuccessStatusCode();
        Assert.Equal(0, await host.CountAsync("SELECT COUNT(*) FROM connector_outbox WHERE conversation_key = @key", new { key }));
    }

    // Holds the turn's reply until the test lets it go; given the outbox, the reply then waits there, as the
    // connector's sender queues it when the channel cannot take it (typing indicators are dropped, as there).
    private sealed class HeldSender(ConnectorOutbox? outbox = null) : IActivitySender
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        public async Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken)
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
            if (outbox is not null && activity.Type != ActivityTypes.Typing)
            {
                await outbox.AddAsync(activity, "the channel is down", cancellationToken);
                return null;
            }
            return $"held-{Guid.NewGuid():N}";
        }
    }
}
