using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Handoff;
using SupportBot.Localization;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Handoff;

/// The whole handoff over the real Direct Line and the agent API: a customer asks for a person, waits in the
/// queue, an agent claims the conversation, they talk both ways while the bot stays quiet, the agent hands it
/// back and the customer answers the survey.
public sealed class HandoffFlowTests : IClassFixture<HandoffFlowTests.Host>
{
    public const string AgentKey = "agent-key-0123456789-dewi";
    public const string OtherAgentKey = "agent-key-0123456789-budi";
    public const string SupervisorKey = "supervisor-key-0123456789";

    private readonly Host _host;

    public HandoffFlowTests(Host host)
    {
        _host = host;
        _ = host.Server;
    }

    public sealed class Host : IDisposable
    {
        private readonly SupportBotFactory _factory = new() { UseFakeClock = false };

        public Host()
        {
            _factory.Settings["Agents:ApiKeys:0:Key"] = AgentKey;
            _factory.Settings["Agents:ApiKeys:0:Agent"] = "dewi";
            _factory.Settings["Agents:ApiKeys:0:Name"] = "Dewi";
            _factory.Settings["Agents:ApiKeys:0:Role"] = "agent";
            _factory.Settings["Agents:ApiKeys:1:Key"] = OtherAgentKey;
            _factory.Settings["Agents:ApiKeys:1:Agent"] = "budi";
            _factory.Settings["Agents:ApiKeys:1:Role"] = "agent";
            _factory.Settings["Agents:ApiKeys:2:Key"] = SupervisorKey;
            _factory.Settings["Agents:ApiKeys:2:Agent"] = "sari";
            _factory.Settings["Agents:ApiKeys:2:Role"] = "supervisor";
            _factory.Settings["Handoff:Queues:0"] = "billing";
        }

        public SupportBotFactory Factory => _factory;

        public object Server => _factory.Server;

        public void Dispose() => _factory.Dispose();
    }

    private AgentApiClient Agent(string? key = AgentKey) => new(_host.Factory.CreateClient(), key);

    // An agent is online (they have the console open) before customers ask, so escalations queue.
    private async Task<DirectLineClient> CustomerAsync()
    {
        await Agent().QueueAsync();
        var customer = new DirectLineClient(_host.Factory.CreateClient());
        await customer.StartAsync();
        return customer;
    }

    private async Task SayAsync(DirectLineClient customer, string text, object? value = null)
    {
        var response = await customer.PostAsync(new { type = "message", from = new { id = "customer" }, text, value });
        response.EnsureSuccessStatusCode();
        await _host.Factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
    }

    private static Task<List<Activity>> BotSaidAsync(DirectLineClient customer)
        => customer.BotActivitiesAsync();

    private Task<IReadOnlyList<Touchpoint>> LogAsync(string conversation)
        => _host.Factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(conversation);

    [Fact]
    public async Task A_customer_is_queued_claimed_helped_handed_back_and_surveyed()
    {
        var english = BotMessages.English;
        var customer = await CustomerAsync();
        await SayAsync(customer, "How do I reset my password?");
        await SayAsync(customer, "I'd like to talk to a person please");

        var said = await BotSaidAsync(customer);
        Assert.Equal(english.HumanRequested, said[^2].Text);
        Assert.Equal(english.QueuePosition(1, 5), said[^1].Text);

        var entry = Assert.Single(await Agent().QueueAsync(), q => q.ConversationId == customer.ConversationId);
        Assert.Equal((HandoffStates.Queued, "customer_asked", 1), (entry.State, entry.Reason, entry.Position!.Value));
        Assert.Contains("How do I reset my password?", entry.Summary, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await Agent().ClaimAsync(customer.ConversationId)).StatusCode);
        Assert.Equal(english.AgentJoined("Dewi"), (await BotSaidAsync(customer))[^1].Text);

        // While the agent has the conversation the bot never answers, even a question it knows.
        var before = (await BotSaidAsync(customer)).Count;
        await SayAsync(customer, "How long does a refund take?");
        Assert.Equal(before, (await BotSaidAsync(customer)).Count);

        Assert.Equal(HttpStatusCode.OK, (await Agent().ReplyAsync(customer.ConversationId, "Hi, I'm **Dewi**. Refunds take 5-10 business days.")).StatusCode);
        var reply = (await BotSaidAsync(customer))[^1];
        Assert.Equal(("Hi, I'm **Dewi**. Refunds take 5-10 business days.", "Dewi"), (reply.Text, reply.From!.Name));

        Assert.Equal(HttpStatusCode.OK, (await Agent().ResolveAsync(customer.ConversationId)).StatusCode);
        said = await BotSaidAsync(customer);
        Assert.Equal(english.HandedBack("Dewi"), said[^2].Text);
        var survey = Assert.Single(said[^1].Attachments!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", survey.ContentType);
        var submit = survey.Content!.Value.GetProperty("actions")[0].GetProperty("data");

        await SayAsync(customer, string.Empty, new { supportbot = "survey", handoff = submit.GetProperty("handoff").GetInt64(), rating = "4", comment = "Quick and kind" });
        Assert.Equal(english.SurveyThanks, (await BotSaidAsync(customer))[^1].Text);

        // Back with the bot: questions are answered again.
        await SayAsync(customer, "How do I reset my password?");
        Assert.Contains("reset-password", (await BotSaidAsync(customer))[^1].Text, StringComparison.Ordinal);

        var log = await LogAsync(customer.ConversationId);
        Assert.Equal(
            [TouchpointKind.Queued, TouchpointKind.Claimed, TouchpointKind.AgentReply, TouchpointKind.Resolution, TouchpointKind.Survey],
            log.Where(t => t.Kind is TouchpointKind.Queued or TouchpointKind.Claimed or TouchpointKind.AgentReply or TouchpointKind.Resolution or TouchpointKind.Survey).Select(t => t.Kind).ToArray());
        Assert.All(log.Where(t => t.Kind is TouchpointKind.Claimed or TouchpointKind.AgentReply or TouchpointKind.Resolution), t => Assert.Equal("dewi", t.AgentId));
        Assert.NotNull(log.Single(t => t.Kind == TouchpointKind.Claimed).DurationMs); // the wait
        Assert.NotNull(log.Single(t => t.Kind == TouchpointKind.AgentReply).DurationMs); // the first response time
        Assert.NotNull(log.Single(t => t.Kind == TouchpointKind.Resolution).DurationMs); // the handle time
        var rating = log.Single(t => t.Kind == TouchpointKind.Survey);
        Assert.Equal((4.0, "Quick and kind", "dewi"), (rating.Confidence!.Value, rating.Text, rating.AgentId));
        // The customer's message during the handoff is in the log, for the agent's transcript.
        Assert.Contains(log, t => t.Kind == TouchpointKind.CustomerMessage && t.Text == "How long does a refund take?");

        var transcript = await Agent().TranscriptAsync(customer.ConversationId);
        Assert.Equal(HandoffStates.Resolved, transcript.Handoff!.State);
        Assert.Contains(transcript.Transcript, t => t.Kind == TouchpointKind.AgentReply && t.AgentId == "dewi");
        Assert.NotEmpty(transcript.Journey);
    }

    [Fact]
    public async Task Only_one_of_many_agents_claiming_at_once_gets_the_conversation()
    {
        var customer = await CustomerAsync();
        await SayAsync(customer, "talk to a human");

        var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Agent(i % 2 == 0 ? AgentKey : OtherAgentKey).ClaimAsync(customer.ConversationId)));

        var won = claims.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.NotEmpty(won);
        Assert.All(claims, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        // Repeated claims by the winner are idempotent; the other agent always gets 409.
        var winners = (await Task.WhenAll(won.Select(async r => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("agentId").GetString()))).Distinct().ToList();
        Assert.Single(winners);
        Assert.Single(await LogAsync(customer.ConversationId), t => t.Kind == TouchpointKind.Claimed);
        Assert.Single(await BotSaidAsync(customer), a => a.Text?.Contains("has joined the conversation", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Agent_replies_arrive_in_order_and_exactly_once()
    {
        var customer = await CustomerAsync();
        await SayAsync(customer, "talk to a human");
        await Agent().ClaimAsync(customer.ConversationId);

        for (var i = 1; i <= 8; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Agent().ReplyAsync(customer.ConversationId, $"step {i}")).StatusCode);
        }
        await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Agent().ReplyAsync(customer.ConversationId, $"burst {i}")));

        var texts = (await BotSaidAsync(customer)).Select(a => a.Text).ToList();
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"step {i}"), texts.Where(t => t?.StartsWith("step", StringComparison.Ordinal) == true));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"burst {i}").Order(), texts.Where(t => t?.StartsWith("burst", StringComparison.Ordinal) == true).Order());
        Assert.Equal(16, (await LogAsync(customer.ConversationId)).Count(t => t.Kind == TouchpointKind.AgentReply));
    }

    [Fact]
    public async Task Customers_waiting_behind_are_told_their_new_place_when_the_queue_moves()
    {
        var first = await CustomerAsync();
        await SayAsync(first, "talk to a person");
        var second = await CustomerAsync();
        await SayAsync(second, "talk to a person");
        var place = (await Agent().QueueAsync()).Single(q => q.ConversationId == second.ConversationId).Position!.Value;
        Assert.True(place >= 2);
        Assert.Equal(BotMessages.English.QueuePosition(place, place * 5), (await BotSaidAsync(second))[^1].Text);

        await Agent().ClaimAsync(first.ConversationId);

        Assert.Equal(BotMessages.English.QueuePosition(place - 1, (place - 1) * 5), (await BotSaidAsync(second))[^1].Text);
    }

    [Fact]
    public async Task A_waiting_customer_can_cancel_and_go_back_to_the_bot()
    {
        var customer = await CustomerAsync();
        await SayAsync(customer, "I want to speak to an agent");
        await SayAsync(customer, "cancel");

        Assert.Equal(BotMessages.English.HandoffCancelled, (await BotSaidAsync(customer))[^1].Text);
        Assert.DoesNotContain(await Agent().QueueAsync(), q => q.ConversationId == customer.ConversationId);
        Assert.Equal(HttpStatusCode.NotFound, (await Agent().ClaimAsync(customer.ConversationId)).StatusCode);
        await SayAsync(customer, "How do I reset my password?");
        Assert.Contains("reset-password", (await BotSaidAsync(customer))[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfers_move_the_conversation_to_a_colleague_or_back_into_a_queue()
    {
        var customer = await CustomerAsync();
        await SayAsync(customer, "talk to a person");
        await Agent().ClaimAsync(customer.ConversationId);

        Assert.Equal(HttpStatusCode.OK, (await Agent().TransferAsync(customer.ConversationId, new { agent = "budi" })).StatusCode);
        // Budi's key gives him no name to show: the customer is not told his id either.
        Assert.Equal(BotMessages.English.TransferredToAnotherAgent, (await BotSaidAsync(customer))[^1].Text);
        // Dewi no longer holds it; Budi does.
        Assert.Equal(HttpStatusCode.Forbidden, (await Agent().ReplyAsync(customer.ConversationId, "still me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Agent(OtherAgentKey).ReplyAsync(customer.ConversationId, "Budi here")).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await Agent(OtherAgentKey).TransferAsync(customer.ConversationId, new { queue = "nowhere" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Agent(OtherAgentKey).TransferAsync(customer.ConversationId, new { queue = "billing" })).StatusCode);
        var entry = Assert.Single(await Agent().QueueAsync(), q => q.ConversationId == customer.ConversationId);
        Assert.Equal((HandoffStates.Queued, "billing", (string?)null), (entry.State, entry.Queue, entry.AgentId));
        Assert.Equal(BotMessages.English.TransferredToQueue("billing"), (await BotSaidAsync(customer))[^1].Text);
        Assert.Equal(2, (await LogAsync(customer.ConversationId)).Count(t => t.Kind == TouchpointKind.Transfer));
    }

    [Theory]
    [InlineData("ghost")]
    [InlineData("ghost@contoso.com")]
    public async Task A_transfer_to_nobody_is_a_400_and_the_customer_hears_nothing(string target)
    {
        var customer = await CustomerAsync();
        await SayAsync(customer, "talk to a person");
        await Agent().ClaimAsync(customer.ConversationId);
        var said = (await BotSaidAsync(customer)).Count;

        var response = await Agent().TransferAsync(customer.ConversationId, new { agent = target });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Unknown transfer target", problem.GetProperty("title").GetString());
        var entry = Assert.Single(await Agent().QueueAsync(), q => q.ConversationId == customer.ConversationId);
        Assert.Equal((HandoffStates.WithAgent, "dewi"), (entry.State, entry.AgentId));
        Assert.Equal(said, (await BotSaidAsync(customer)).Count);
        Assert.DoesNotContain(await LogAsync(customer.ConversationId), t => t.Kind == TouchpointKind.Transfer);
    }

    [Fact]
    public async Task The_customer_is_told_the_new_agents_name_never_their_id()
    {
        var customer = await CustomerAsync();
        await SayAsync(customer, "talk to a person");
        await Agent(SupervisorKey).ClaimAsync(customer.ConversationId);

        Assert.Equal(HttpStatusCode.OK, (await Agent(SupervisorKey).TransferAsync(customer.ConversationId, new { agent = "dewi" })).StatusCode);

        Assert.Equal(BotMessages.English.TransferredToAgent("Dewi"), (await BotSaidAsync(customer))[^1].Text);
    }

    [Fact]
    public async Task A_handoff_counts_one_survey_answer_the_first()
    {
        var customer = await CustomerAsync();
        await SayAsync(customer, "talk to a person");
        await Agent().ClaimAsync(customer.ConversationId);
        await Agent().ResolveAsync(customer.ConversationId);
        var handoff = (await BotSaidAsync(customer))[^1].Attachments![0].Content!.Value.GetProperty("actions")[0].GetProperty("data").GetProperty("handoff").GetInt64();

        await SayAsync(customer, string.Empty, new { supportbot = "survey", handoff, rating = "2", comment = "Slow" });
        await SayAsync(customer, string.Empty, new { supportbot = "survey", handoff, rating = "2", comment = "Slow" });
        await SayAsync(customer, string.Empty, new { supportbot = "survey", handoff, rating = "5" });
        // A handoff that is not this conversation's (or none at all) is nobody's to rate from here.
        await SayAsync(customer, string.Empty, new { supportbot = "survey", handoff = handoff + 1000, rating = "5" });

        var survey = Assert.Single(await LogAsync(customer.ConversationId), t => t.Kind == TouchpointKind.Survey);
        Assert.Equal((2.0, "Slow", "dewi"), (survey.Confidence!.Value, survey.Text, survey.AgentId));
        Assert.Equal(BotMessages.English.SurveyThanks, (await BotSaidAsync(customer))[^1].Text);
    }

    [Fact]
    public async Task Agent_calls_without_the_right_credentials_are_refused()
    {
        var customer = await CustomerAsync();
        await SayAsync(customer, "talk to a person");

        Assert.Equal(HttpStatusCode.Unauthorized, (await Agent(key: null).SendAsync(HttpMethod.Get, "/api/agent/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Agent("not-a-configured-key-at-all").SendAsync(HttpMethod.Get, "/api/agent/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Agent(key: null).ClaimAsync(customer.ConversationId)).StatusCode);

        // Acting on a conversation another agent holds is refused; a supervisor may.
        await Agent().ClaimAsync(customer.ConversationId);
        Assert.Equal(HttpStatusCode.Forbidden, (await Agent(OtherAgentKey).ReplyAsync(customer.ConversationId, "hello")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Agent(OtherAgentKey).ResolveAsync(customer.ConversationId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Agent(SupervisorKey).ReplyAsync(customer.ConversationId, "A supervisor here")).StatusCode);

        // Bad input is a 400 problem, not a crash.
        var empty = await Agent().ReplyAsync(customer.ConversationId, "   ");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("application/problem+json", empty.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await Agent().ReplyAsync(customer.ConversationId, new string('x', 5000))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Agent().ClaimAsync("no-such-conversation")).StatusCode);
    }

    [Fact]
    public async Task The_API_is_described_with_OpenAPI()
    {
        var document = JsonDocument.Parse(await _host.Factory.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/agent/queue", "/api/agent/conversations/{id}/claim", "/api/agent/conversations/{id}/messages", "/api/agent/conversations/{id}/transfer", "/api/agent/conversations/{id}/resolve", "/api/agent/conversations/{id}/transcript", "/api/agent/conversations/{id}/suggestions", "/api/agent/accounts" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
    }
}
