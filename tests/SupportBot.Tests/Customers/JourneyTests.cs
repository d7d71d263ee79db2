using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Customers;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Customers;

/// The journey shows a customer's whole history across channels and systems: each conversation as one entry with
/// how it ended, each touchpoint from another system as its own entry, in the order they happened.
public sealed class JourneyTests(CustomerHost host) : IClassFixture<CustomerHost>
{
    private static string NewId() => Guid.NewGuid().ToString("N");

    // A conversation's handoff steps as the handoff service logs them.
    private async Task LogAsync(string customer, string conversation, params (string Kind, string? Text, string? Agent, double? Rating)[] steps)
    {
        foreach (var (kind, text, agent, rating) in steps)
        {
            host.Factory.Clock.Advance(TimeSpan.FromSeconds(10));
            await host.Get<TouchpointStore>().AppendAsync(new Touchpoint
            {
                OccurredAt = host.Factory.Clock.GetUtcNow(),
                ConversationId = conversation,
                Channel = "msteams",
                CustomerId = customer,
                Kind = kind,
                Text = text,
                AgentId = agent,
                Confidence = rating,
                Reason = kind == TouchpointKind.Queued ? "customer_asked" : null,
            });
        }
    }

    [Fact]
    public async Task Conversations_collapse_to_their_outcome_beside_external_touchpoints_in_time_order()
    {
        var visitor = $"dl_{NewId()}";
        var answered = NewId();
        host.Factory.Clock.Advance(TimeSpan.FromDays(1));
        await host.SayAsync(answered, visitor, "How do I reset my password?");
        var customer = await host.CustomerOfAsync(answered);
        var (resolved, abandoned, ticket) = (NewId(), NewId(), NewId());
        await LogAsync(customer, resolved,
            (TouchpointKind.CustomerMessage, "My hub is offline", null, null), (TouchpointKind.Queued, "Hub offline", null, null),
            (TouchpointKind.Claimed, null, "dewi", null), (TouchpointKind.AgentReply, "Let me check", "dewi", null),
            (TouchpointKind.Resolution, null, "dewi", null), (TouchpointKind.Survey, "Quick <b>help</b>", null, 4));
        var purchaseAt = host.Factory.Clock.GetUtcNow().AddSeconds(5);
        await host.PostTouchpointsAsync(new JsonObject
        {
            ["customerId"] = $"directline:{visitor}",
            ["kind"] = "purchase",
            ["occurredAt"] = purchaseAt.ToString("O"),
            ["source"] = "shop",
            ["summary"] = "Starter kit",
            ["amount"] = 49.9m,
            ["currency"] = "EUR",
            ["attributes"] = new JsonObject { ["orderId"] = "A-7" },
        }.ToJsonString());
        await LogAsync(customer, abandoned, (TouchpointKind.CustomerMessage, "agent please", null, null), (TouchpointKind.Queued, null, null, null), (TouchpointKind.HandoffCancelled, "cancel", null, null));
        await LogAsync(customer, ticket, (TouchpointKind.CustomerMessage, "talk to someone", null, null), (TouchpointKind.Queued, null, null, null), (TouchpointKind.Ticket, "Call me at 0812", null, null));

        var response = await host.Client(CustomerHost.AgentKey).GetAsync($"/api/customers/{Uri.EscapeDataString($"directline:{visitor}")}/journey");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var journey = (await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(customer, journey.GetProperty("customerId").GetString());
        var entries = journey.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(
            ["conversation:answered", "conversation:resolved", "external:purchase", "conversation:abandoned", "conversation:ticket"],
            entries.Select(e => $"{e.GetProperty("type").GetString()}:{(e.GetProperty("outcome").GetString() ?? e.GetProperty("kind").GetString())}"));
        Assert.Equal("How do I reset my password?", entries[0].GetProperty("firstMessage").GetString());
        Assert.Equal(1, entries[0].GetProperty("messages").GetInt32());
        Assert.Equal("dewi", entries[1].GetProperty("agentId").GetString());
        Assert.Equal(4, entries[1].GetProperty("rating").GetDouble());
        Assert.Equal("Quick <b>help</b>", entries[1].GetProperty("comment").GetString());
        Assert.Equal("customer_asked", entries[1].GetProperty("reason").GetString());
        Assert.Equal(resolved, entries[1].GetProperty("conversationId").GetString());
        Assert.Equal(49.9m, entries[2].GetProperty("amount").GetDecimal());
        Assert.Equal("A-7", entries[2].GetProperty("attributes").GetProperty("orderId").GetString());
    }

    [Fact]
    public async Task A_journey_needs_an_agent_and_a_known_customer()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client(null).GetAsync("/api/customers/cus_x/journey")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client(CustomerHost.SourceKey).GetAsync("/api/customers/cus_x/journey")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client(CustomerHost.AgentKey).GetAsync("/api/customers/cus_x/journey")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client(CustomerHost.AgentKey).GetAsync("/api/customers/email%3Anobody%40example.com/journey")).StatusCode);
    }

    [Fact]
    public async Task The_transcript_names_the_customer_whose_journey_the_console_shows()
    {
        var conversation = NewId();
        await host.SayAsync(conversation, $"dl_{NewId()}", "How long does a refund take?");
        var transcript = await host.Client(CustomerHost.AgentKey).GetFromJsonAsync<JsonElement>($"/api/agent/conversations/{conversation}/transcript");
        var customer = transcript.GetProperty("customerId").GetString()!;
        Assert.StartsWith(CustomerReference.IdPrefix, customer, StringComparison.Ordinal);
        var journey = await host.Client(CustomerHost.AgentKey).GetFromJsonAsync<JsonElement>($"/api/customers/{customer}/journey");
        Assert.Equal(conversation, Assert.Single(journey.GetProperty("entries").EnumerateArray()).GetProperty("conversationId").GetString());
    }
}
