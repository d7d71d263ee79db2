using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Localization;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Channels.BotFramework;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Handoff;

/// The handoff in Teams: the conversation reaches the agent through /api/messages like any other, and what the
/// agent sends (messages, and the typing indicator) goes back proactively through the Bot Framework connector to the
/// fake Teams channel.
public sealed class TeamsHandoffTests : IAsyncLifetime, IDisposable
{
    private FakeConnectorChannel _channel = null!;
    private SupportBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _channel = await FakeConnectorChannel.StartAsync();
        _factory = new SupportBotFactory();
        _factory.Settings["Agents:ApiKeys:0:Key"] = HandoffFlowTests.AgentKey;
        _factory.Settings["Agents:ApiKeys:0:Agent"] = "dewi";
        _factory.Settings["Agents:ApiKeys:0:Name"] = "Dewi";
    }

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    public void Dispose() => _factory.Dispose();

    private async Task SayAsync(string conversation, string text)
    {
        var activity = JsonNode.Parse(Fixture.Read("teams-personal-message"))!.AsObject();
        activity["serviceUrl"] = _channel.ServiceUrl;
        activity["id"] = Guid.NewGuid().ToString("N");
        activity["text"] = text;
        activity["conversation"]!["id"] = conversation;
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().PostAsync(new Uri("/api/messages", UriKind.Relative), content)).StatusCode);
        await _factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
    }

    private List<Activity> Messages() => [.. _channel.Delivered.Select(c => c.Activity).OfType<Activity>().Where(a => a.Type == ActivityTypes.Message)];

    [Fact]
    public async Task An_agent_talks_to_a_Teams_customer_through_the_connector_and_the_bot_stays_quiet()
    {
        var conversation = $"a:{Guid.NewGuid():N}";
        var agent = new AgentApiClient(_factory.CreateClient(), HandoffFlowTests.AgentKey);
        await agent.QueueAsync(); // the agent is online
        await SayAsync(conversation, "I want to talk to a person");
        Assert.Equal(BotMessages.English.QueuePosition(1, 5), Messages()[^1].Text);

        Assert.Equal(HttpStatusCode.OK, (await agent.ClaimAsync(conversation)).StatusCode);
        await SayAsync(conversation, "How do I reset my password?");
        Assert.Equal(HttpStatusCode.OK, (await agent.ReplyAsync(conversation, "I'll reset it with you now.")).StatusCode);

        var messages = Messages();
        Assert.Equal(BotMessages.English.AgentJoined("Dewi"), messages[^2].Text);
        var reply = messages[^1];
        Assert.Equal(("I'll reset it with you now.", "Dewi", conversation), (reply.Text, reply.From!.Name, reply.Conversation!.Id));
        // Proactive: posted to the conversation, not as a reply to an activity, with the bot's token.
        var call = _channel.Delivered.Last(c => c.Activity?.Text == "I'll reset it with you now.");
        Assert.Equal("POST", call.Method);
        Assert.EndsWith("/activities", call.RawTarget, StringComparison.Ordinal);
        Assert.StartsWith("/v3/conversations/", call.RawTarget, StringComparison.Ordinal);
        // Nothing from the bot answered the password question during the handoff.
        Assert.DoesNotContain(messages, m => m.Attachments?.Any(a => a.Content?.GetRawText().Contains("reset-password", StringComparison.Ordinal) == true) == true);

        Assert.Equal(HttpStatusCode.OK, (await agent.ResolveAsync(conversation)).StatusCode);
        var survey = Messages()[^1];
        Assert.Equal("application/vnd.microsoft.card.adaptive", Assert.Single(survey.Attachments!).ContentType);
    }

    [Fact]
    public async Task The_agents_typing_reaches_the_Teams_customer_through_the_connector()
    {
        var conversation = $"a:{Guid.NewGuid():N}";
        var agent = new AgentApiClient(_factory.CreateClient(), HandoffFlowTests.AgentKey);
        await agent.QueueAsync(); // the agent is online
        await SayAsync(conversation, "I want to talk to a person");
        Assert.Equal(HttpStatusCode.OK, (await agent.ClaimAsync(conversation)).StatusCode);
        var before = _channel.Delivered.Count;

        var response = await agent.SendAsync(HttpMethod.Post, $"/api/agent/conversations/{Uri.EscapeDataString(conversation)}/typing");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var typing = Assert.Single(_channel.Delivered.Skip(before).Select(c => c.Activity).OfType<Activity>());
        Assert.Equal((ActivityTypes.Typing, "Dewi", conversation), (typing.Type, typing.From!.Name, typing.Conversation!.Id));
    }
}
