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

/// With Handoff:Mode "external", a contact-centre connected to the channel takes the conversation through the
/// Bot Framework handoff events: handoff.initiate with the transcript out, handoff.status back.
public sealed class ExternalHandoffTests : IDisposable
{
    private readonly SupportBotFactory _factory = new();

    public ExternalHandoffTests() => _factory.Settings["Handoff:Mode"] = "external";

    public void Dispose() => _factory.Dispose();

    private async Task PostAsync(DirectLineClient customer, object activity)
    {
        (await customer.PostAsync(activity)).EnsureSuccessStatusCode();
        await _factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
    }

    private static Task<List<Activity>> SaidAsync(DirectLineClient customer)
        => customer.BotActivitiesAsync();

    private static object Status(string state, string? message = null)
        => new { type = "event", name = "handoff.status", from = new { id = "customer" }, value = new { state, message } };

    [Fact]
    public async Task The_centre_gets_the_context_and_transcript_and_the_bot_waits_for_its_status()
    {
        var customer = new DirectLineClient(_factory.CreateClient());
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

        await PostAsync(customer, Status("accepted"));
        var count = (await SaidAsync(customer)).Count;
        await PostAsync(customer, new { type = "message", from = new { id = "customer" }, text = "How long does a refund take?" });
        Assert.Equal(count, (await SaidAsync(customer)).Count); // the centre's agent answers, not the bot

        await PostAsync(customer, Status("completed"));
        await PostAsync(customer, new { type = "message", from = new { id = "customer" }, text = "How do I track my order?" });
        Assert.Contains("track-order", (await SaidAsync(customer))[^1].Text, StringComparison.Ordinal);
        var log = await _factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(customer.ConversationId);
        Assert.Equal(
            [TouchpointKind.Queued, TouchpointKind.Claimed, TouchpointKind.Resolution],
            log.Where(t => t.Kind is TouchpointKind.Queued or TouchpointKind.Claimed or TouchpointKind.Resolution).Select(t => t.Kind).ToArray());
    }

    [Fact]
    public async Task A_failed_handoff_apologises_and_the_bot_carries_on()
    {
        var customer = new DirectLineClient(_factory.CreateClient());
        await customer.StartAsync();
        await PostAsync(customer, new { type = "message", from = new { id = "customer" }, text = "I want a real person" });
        await PostAsync(customer, Status("failed", "No agents in the skill"));

        Assert.Equal(BotMessages.English.HandoffFailed, (await SaidAsync(customer))[^1].Text);
        Assert.Null(await _factory.Services.GetRequiredService<HandoffStore>().FindOpenAsync("directline", customer.ConversationId, CancellationToken.None));
        var cancelled = Assert.Single(await _factory.Services.GetRequiredService<TouchpointStore>().GetConversationAsync(customer.ConversationId), t => t.Kind == TouchpointKind.HandoffCancelled);
        Assert.Equal(("external_failed", "No agents in the skill"), (cancelled.Reason, cancelled.Text));
    }

    [Fact]
    public void A_status_event_without_a_state_is_not_read_as_one()
    {
        Assert.Null(ExternalHandoff.ReadStatus(new Activity { Type = ActivityTypes.Event, Name = "handoff.status", Value = JsonSerializer.SerializeToElement(new { message = "hi" }) }));
        Assert.Null(ExternalHandoff.ReadStatus(new Activity { Type = ActivityTypes.Event, Name = "webchat/join" }));
    }
}
