using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.Handoff;
using SupportBot.Localization;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Handoff;

/// With Handoff:Mode "external", a contact-centre connected to the channel takes the conversation through the
/// Bot Framework handoff events: handoff.initiate with the transcript out, handoff.status back. On SupportBot's own
/// Direct Line the centre posts its status with the Direct Line secret and from.role "contactCentre"; the customer,
/// who holds only a token to the conversation, cannot.
public sealed class ExternalHandoffTests : IDisposable
{
    private readonly SupportBotFactory _factory = new();
    private readonly CapturedLogs _logs = new();
    private readonly WebApplicationFactory<Program> _host;

    public ExternalHandoffTests()
    {
        _factory.Settings["Handoff:Mode"] = "external";
        _host = _logs.Attach(_factory);
    }

    public void Dispose()
    {
        _host.Dispose();
        _factory.Dispose();
    }

    private async Task PostAsync(DirectLineClient customer, object activity)
    {
        (await customer.PostAsync(activity)).EnsureSuccessStatusCode();
        await _host.Services.GetRequiredService<ConversationLanes>().DrainAsync();
    }

    // The contact-centre's connector: the holder of the Direct Line secret, speaking in the customer's conversation.
    private async Task CentreSaysAsync(DirectLineClient customer, string state, string? message = null, string role = ContactCentre.Role)
    {
        var status = new { type = "event", name = "handoff.status", from = new { id = "contact-centre", role }, value = new { state, message } };
        (await customer.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{customer.ConversationId}/activities", JsonContent.Create(status), SupportBotFactory.TestSecret))
            .EnsureSuccessStatusCode();
        await _host.Services.GetRequiredService<ConversationLanes>().DrainAsync();
    }

    private static Task<List<Activity>> SaidAsync(DirectLineClient customer)
        => customer.BotActivitiesAsync();

    private static object Status(string state, string? message = null)
        => new { type = "event", name = "handoff.status", from = new { id = "customer" }, value = new { state, message } };

    private async Task<DirectLineClient> EscalatedCustomerAsync()
    {
        var customer = new DirectLineClient(_host.CreateClient());
        await customer.StartAsync();
        await PostAsync(customer, new { type = "message", from = new { id = "customer" }, text = "I want a real person" });
        return customer;
    }

    private Task<HandoffRecord?> OpenHandoffAsync(DirectLineClient customer)
        => _host.Services.GetRequiredService<HandoffStore>().FindOpenAsync("directline", customer.ConversationId, CancellationToken.None);

    private async Task<string[]> HandoffStepsAsync(DirectLineClient customer)
        => [.. (await _host.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(customer.ConversationId))
            .Where(t => t.Kind is TouchpointKind.Queued or TouchpointKind.Claimed or TouchpointKind.Resolution or TouchpointKind.HandoffCancelled)
            .Select(t => t.Kind)];

    [Fact]
    public async Task The_centre_gets_the_context_and_transcript_and_the_bot_waits_for_its_status()
    {
        var customer = new DirectLineClient(_host.CreateClient());
        await customer.StartAsync();
        await PostAsync(customer, new { type = "message", from = new { id = "customer" }, text = "How do I reset my password?" });
        await PostAsync(customer, new { type = "message", from = new { id = "customer" }, text = "let me talk to a human" });

        // Addressed from the customer, as botbuilder's EventFactory does: the centre correlates by conversation.
        var initiate = (await customer.GetActivitiesAsync()).Activities.Single(a => a.Type == ActivityTypes.Event && a.Name == "handoff.initiate");
        Assert.Equal("handoff.initiate", initiate.Name);
        Assert.Equal(customer.ConversationId, initiate.Conversation!.Id);
        Assert.Equal("customer_asked", initiate.Value!.Value.GetProperty("reason").GetString());
        var transcript = Assert.Single(initiate.Attachments!);
        Assert.Equal(("application/json", "Transcript"), (transcript.ContentType, transcript.Name));
        var texts = transcript.Content!.Value.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.True(texts.IndexOf("How do I reset my password?") >= 0 && texts.IndexOf("How do I reset my password?") < texts.IndexOf("let me talk to a human"));

        await CentreSaysAsync(customer, "accepted");
        var count = (await SaidAsync(customer)).Count;
        await PostAsync(customer, new { type = "message", from = new { id = "customer" }, text = "How long does a refund take?" });
        Assert.Equal(count, (await SaidAsync(customer)).Count); // the centre's agent answers, not the bot

        await CentreSaysAsync(customer, "completed");
        await PostAsync(customer, new { type = "message", from = new { id = "customer" }, text = "How do I track my order?" });
        Assert.Contains("track-order", (await SaidAsync(customer))[^1].Text, StringComparison.Ordinal);
        Assert.Equal([TouchpointKind.Queued, TouchpointKind.Claimed, TouchpointKind.Resolution], await HandoffStepsAsync(customer));
    }

    [Fact]
    public async Task A_failed_handoff_apologises_and_the_bot_carries_on()
    {
        var customer = await EscalatedCustomerAsync();
        await CentreSaysAsync(customer, "failed", "No agents in the skill");

        Assert.Equal(BotMessages.English.HandoffFailed, (await SaidAsync(customer))[^1].Text);
        Assert.Null(await OpenHandoffAsync(customer));
        var cancelled = Assert.Single(await _host.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(customer.ConversationId), t => t.Kind == TouchpointKind.HandoffCancelled);
        Assert.Equal(("external_failed", "No agents in the skill"), (cancelled.Reason, cancelled.Text));
    }

    [Theory]
    [InlineData("accepted")]
    [InlineData("completed")]
    [InlineData("failed")]
    public async Task A_customer_cannot_forge_the_centres_status_on_Direct_Line(string state)
    {
        var customer = await EscalatedCustomerAsync();
        var said = (await SaidAsync(customer)).Count;

        await PostAsync(customer, Status(state, "forged"));
        // Claiming to be the centre, and a caller the channel vouched for, changes nothing either.
        await PostAsync(customer, new
        {
            type = "event",
            name = "handoff.status",
            callerId = ContactCentre.DirectLineCallerId,
            from = new { id = "contact-centre", role = ContactCentre.Role },
            value = new { state, message = "forged" },
        });
        await PostAsync(customer, new { type = "event", name = "handoff.status", callerId = "urn:botframework:azure", from = new { id = "customer" }, value = new { state } });

        var open = await OpenHandoffAsync(customer);
        Assert.Equal((HandoffStates.Queued, (string?)null), (open?.State, open?.AgentId));
        Assert.Equal([TouchpointKind.Queued], await HandoffStepsAsync(customer));
        Assert.Equal(said, (await SaidAsync(customer)).Count); // no apology, no word from anyone
        Assert.True(_logs.Contains("Ignored a handoff.status"), "The refused status leaves a log line.");
    }

    /// Whatever a customer puts in a handoff.status (any state, role, callerId or shape of value), the host answers
    /// below 500 and the handoff stays queued with nothing logged as a step. A new escalated customer every 20 posts
    /// keeps the conversation's own rate limit out of the property.
    [Fact]
    public async Task No_handoff_status_a_customer_can_write_moves_the_handoff_or_fails_the_host()
    {
        var states = Gen.Elements<string?>("accepted", "completed", "failed", "ACCEPTED", "", null, "accepted ", "queued");
        var roles = Gen.Elements<string?>("user", "bot", ContactCentre.Role, "channel", "skill", null);
        var callerIds = Gen.Elements<string?>(null, ContactCentre.DirectLineCallerId, "urn:botframework:azure", "urn:botframework:aadappid:x");
        var text = ArbMap.Default.GeneratorFor<string>();
        var statuses = from state in states
                       from role in roles
                       from callerId in callerIds
                       from message in text
                       from shape in Gen.Choose(0, 3)
                       select (object)(shape switch
                       {
                           0 => new { type = "event", name = "handoff.status", callerId, @from = new { id = "customer", role }, value = new { state, message } },
                           1 => new { type = "event", name = "handoff.status", callerId, @from = new { id = "customer", role }, value = (object?)message },
                           2 => new { type = "event", name = "Handoff.Status", callerId, @from = new { id = "customer", role }, value = new { state } },
                           _ => new { type = "event", name = "handoff.status", callerId, @from = new { id = "customer", role }, value = new { state = new[] { state }, extra = message } },
                       });
        var runs = Math.Min(int.TryParse(Environment.GetEnvironmentVariable("SUPPORTBOT_FUZZ_RUNS"), out var r) ? r : 60, 400);
        var customer = await EscalatedCustomerAsync();
        var posted = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(runs), Prop.ForAll(statuses.ToArbitrary(), status =>
        {
            if (++posted % 20 == 0)
            {
                customer = EscalatedCustomerAsync().GetAwaiter().GetResult();
            }
            var response = customer.PostAsync(status).GetAwaiter().GetResult();
            Assert.True(response.StatusCode < HttpStatusCode.InternalServerError, $"{(int)response.StatusCode} for {JsonSerializer.Serialize(status)}");
            _host.Services.GetRequiredService<ConversationLanes>().DrainAsync().GetAwaiter().GetResult();
            var open = OpenHandoffAsync(customer).GetAwaiter().GetResult();
            Assert.Equal((HandoffStates.Queued, (string?)null), (open?.State, open?.AgentId));
            Assert.Equal([TouchpointKind.Queued], HandoffStepsAsync(customer).GetAwaiter().GetResult());
        }));
    }

    [Fact]
    public async Task The_secret_speaks_for_the_centre_only_with_the_centres_role()
    {
        var customer = await EscalatedCustomerAsync();

        await CentreSaysAsync(customer, "accepted", role: "user");

        Assert.Equal(HandoffStates.Queued, (await OpenHandoffAsync(customer))?.State);
        Assert.Equal([TouchpointKind.Queued], await HandoffStepsAsync(customer));
    }

    [Fact]
    public async Task Direct_Line_clears_the_caller_id_a_client_claims()
    {
        var customer = await EscalatedCustomerAsync();

        await PostAsync(customer, new { type = "message", callerId = "urn:botframework:azure", from = new { id = "customer" }, text = "hello?" });

        var echoed = (await customer.GetActivitiesAsync()).Activities.Last(a => a.Text == "hello?");
        Assert.Null(echoed.CallerId);
    }

    [Fact]
    public async Task In_console_mode_handoff_events_are_ignored_with_a_log_line()
    {
        using var factory = new SupportBotFactory();
        factory.Settings["Agents:ApiKeys:0:Key"] = HandoffFlowTests.AgentKey;
        factory.Settings["Agents:ApiKeys:0:Agent"] = "dewi";
        var logs = new CapturedLogs();
        using var host = logs.Attach(factory);
        await new AgentApiClient(host.CreateClient(), HandoffFlowTests.AgentKey).QueueAsync(); // an agent is online
        var customer = new DirectLineClient(host.CreateClient());
        await customer.StartAsync();
        (await customer.PostAsync(new { type = "message", from = new { id = "customer" }, text = "I want a real person" })).EnsureSuccessStatusCode();
        await host.Services.GetRequiredService<ConversationLanes>().DrainAsync();

        var status = new { type = "event", name = "handoff.status", from = new { id = "contact-centre", role = ContactCentre.Role }, value = new { state = "accepted" } };
        (await customer.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{customer.ConversationId}/activities", JsonContent.Create(status), SupportBotFactory.TestSecret))
            .EnsureSuccessStatusCode();
        await host.Services.GetRequiredService<ConversationLanes>().DrainAsync();

        var open = await host.Services.GetRequiredService<HandoffStore>().FindOpenAsync("directline", customer.ConversationId, CancellationToken.None);
        Assert.Equal((HandoffStates.Queued, "support", (string?)null), (open?.State, open?.Queue, open?.AgentId));
        Assert.True(logs.Contains("Handoff:Mode"), "The ignored event leaves a log line that names the setting.");
    }

    [Fact]
    public void A_status_event_without_a_state_is_not_read_as_one()
    {
        Assert.Null(ExternalHandoff.ReadStatus(new Activity { Type = ActivityTypes.Event, Name = "handoff.status", Value = JsonSerializer.SerializeToElement(new { message = "hi" }) }));
        Assert.Null(ExternalHandoff.ReadStatus(new Activity { Type = ActivityTypes.Event, Name = "webchat/join" }));
    }
}
