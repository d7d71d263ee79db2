using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.Handoff;
using SupportBot.Tests.Handoff;

namespace SupportBot.Tests.Agents;

/// The consoles' live feed: what each agent's console is told as customers and other agents act.
public sealed class AgentHubTests(AgentHost host) : IClassFixture<AgentHost>
{
    private AgentApiClient Agent(string key = AgentHost.AgentKey) => new(host.Factory.CreateClient(), key);

    private static string State(JsonElement change) => change.GetProperty("state").GetString()!;

    [Fact]
    public async Task Consoles_hear_the_queue_change_when_a_customer_waits_and_an_agent_claims()
    {
        await using var dewi = await ConsoleFeed.ConnectAsync(host.Factory, AgentHost.AgentKey);
        await using var sari = await ConsoleFeed.ConnectAsync(host.Factory, AgentHost.SupervisorKey);
        var customer = await host.CustomerAsync();

        await host.SayAsync(customer, "talk to a person");
        Assert.Equal(HandoffStates.Queued, State(await dewi.NextAsync(HandoffNotifier.QueueChanged, customer.ConversationId)));
        Assert.Equal(HandoffStates.Queued, State(await sari.NextAsync(HandoffNotifier.QueueChanged, customer.ConversationId)));

        Assert.Equal(HttpStatusCode.OK, (await Agent().ClaimAsync(customer.ConversationId)).StatusCode);
        var claimed = await sari.NextAsync(HandoffNotifier.QueueChanged, customer.ConversationId);
        Assert.Equal((HandoffStates.WithAgent, "dewi"), (State(claimed), claimed.GetProperty("agentId").GetString()));

        await Agent().ResolveAsync(customer.ConversationId);
        Assert.Equal(HandoffStates.Resolved, State(await sari.NextAsync(HandoffNotifier.QueueChanged, customer.ConversationId)));
    }

    [Fact]
    public async Task Customer_messages_and_typing_during_a_handoff_reach_the_consoles()
    {
        await using var feed = await ConsoleFeed.ConnectAsync(host.Factory, AgentHost.SupervisorKey);
        var customer = await host.CustomerAsync();
        await host.SayAsync(customer, "I want to speak to an agent");
        await Agent().ClaimAsync(customer.ConversationId);

        await host.SayAsync(customer, string.Empty, type: "typing");
        await feed.NextAsync(HandoffNotifier.CustomerTyping, customer.ConversationId);
        await host.SayAsync(customer, "My lamp keeps blinking orange");
        var message = await feed.NextAsync(HandoffNotifier.CustomerMessage, customer.ConversationId);
        Assert.Equal("My lamp keeps blinking orange", message.GetProperty("text").GetString());
        Assert.True(message.TryGetProperty("at", out _));

        // Other agents' consoles follow the conversation's replies too.
        await Agent().ReplyAsync(customer.ConversationId, "Let me check that for you.");
        var reply = await feed.NextAsync(HandoffNotifier.AgentMessage, customer.ConversationId);
        Assert.Equal(("dewi", "Dewi", "Let me check that for you."), (reply.GetProperty("agentId").GetString(), reply.GetProperty("agentName").GetString(), reply.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Outside_a_handoff_nothing_about_the_customer_is_relayed()
    {
        await using var feed = await ConsoleFeed.ConnectAsync(host.Factory, AgentHost.AgentKey);
        var customer = await host.CustomerAsync();
        await host.SayAsync(customer, string.Empty, type: "typing");
        await host.SayAsync(customer, "How do I reset my password?");
        // A marker after them: the hub keeps the order, so had they been relayed they would have come before it.
        await host.SayAsync(customer, "talk to a person");

        await feed.NextAsync(HandoffNotifier.QueueChanged, customer.ConversationId);
        Assert.DoesNotContain(feed.PassedOver, e => e.Payload.GetProperty("conversationId").GetString() == customer.ConversationId);
    }

    [Fact]
    public async Task Hub_connections_need_an_agent_and_count_as_online()
    {
        await using var anonymous = ConsoleFeed.Build(host.Factory, apiKey: null);
        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var presence = host.Factory.Services.GetRequiredService<AgentPresence>();
        presence.Left("sari");
        var feed = await ConsoleFeed.ConnectAsync(host.Factory, AgentHost.SupervisorKey);
        Assert.Contains("sari", (await presence.OnlineAsync()));
        await feed.Connection.InvokeAsync("Ping");
        await feed.DisposeAsync();
        // The server learns of the closed connection after the client has let go of it.
        for (var attempt = 0; attempt < 100 && (await presence.OnlineAsync()).Contains("sari"); attempt++)
        {
            await Task.Delay(50);
        }
        Assert.DoesNotContain("sari", (await presence.OnlineAsync()));
    }

    [Fact]
    public async Task Suggestions_are_knowledge_sections_for_the_customers_latest_message()
    {
        var customer = await host.CustomerAsync();
        await host.SayAsync(customer, "talk to a person");
        await host.SayAsync(customer, "How long until my refund shows up on my credit card?");

        var response = await Agent().SendAsync(HttpMethod.Get, $"/api/agent/conversations/{Uri.EscapeDataString(customer.ConversationId)}/suggestions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("How long until my refund shows up on my credit card?", view.GetProperty("message").GetString());
        var suggestions = view.GetProperty("suggestions").EnumerateArray().ToList();
        Assert.InRange(suggestions.Count, 1, 3);
        var top = suggestions[0];
        Assert.Equal("billing/refund-timing", top.GetProperty("articleId").GetString());
        Assert.StartsWith("/kb/billing/refund-timing#", top.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Contains("5-10 business days", top.GetProperty("excerpt").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(top.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(top.GetProperty("heading").GetString()));
        Assert.Equal(suggestions.Count, suggestions.Select(s => s.GetProperty("articleId").GetString()).Distinct().Count());

        Assert.Equal(HttpStatusCode.NotFound, (await Agent().SendAsync(HttpMethod.Get, "/api/agent/conversations/no-such-conversation/suggestions")).StatusCode);
    }
}
