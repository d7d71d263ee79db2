using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Channels.BotFramework;
using SupportBot.Conversations;
using SupportBot.Localization;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Hosting;
using SupportBot.Touchpoints;

namespace SupportBot.Tests.Channels.BotFramework;

/// Recorded Teams activities replayed against /api/messages, with a fake Teams channel receiving the replies
/// through the connector: what the customer would see, in order, and what the touchpoint log keeps.
public sealed class TeamsReplayTests : IAsyncLifetime, IDisposable
{
    private FakeConnectorChannel _channel = null!;
    private SupportBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _channel = await FakeConnectorChannel.StartAsync();
        _factory = new SupportBotFactory();
        // Retries are the HTTP pipeline's business (tested on their own); here a failure goes straight to the outbox.
        _factory.Settings["Bot:Connector:MaxRetryAttempts"] = "0";
        _factory.Settings["Bot:Outbox:MaxAttemptsWhenRefused"] = "2";
        _factory.Settings["Web:PublicBaseUrl"] = "https://support.example.com";
        // The typing indicator and stream activities at once, however quick the answer: their wire format is tested.
        _factory.Settings["Answering:TypingDelay"] = "00:00:00";
    }

    public async Task DisposeAsync() => await _channel.DisposeAsync();

    public void Dispose() => _factory.Dispose();

    private T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    private string Replay(string fixture, Action<JsonObject>? change = null)
    {
        var activity = JsonNode.Parse(Fixture.Read(fixture))!.AsObject();
        activity["serviceUrl"] = _channel.ServiceUrl;
        activity["id"] = Guid.NewGuid().ToString("N");
        change?.Invoke(activity);
        return activity.ToJsonString();
    }

    private async Task<HttpResponseMessage> PostAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await _factory.CreateClient().PostAsync(new Uri("/api/messages", UriKind.Relative), content);
        await Get<ConversationLanes>().DrainAsync();
        return response;
    }

    private static string NewConversation(string prefix) => $"{prefix}{Guid.NewGuid():N}";

    [Fact]
    public async Task A_personal_chat_question_streams_an_update_then_the_answer_in_the_same_stream()
    {
        var conversation = NewConversation("a:");
        var response = await PostAsync(Replay("teams-personal-message", a =>
        {
            a["text"] = "How do I reset my password?";
            a["conversation"]!["id"] = conversation;
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivered = _channel.Delivered;
        Assert.Equal(2, delivered.Count);
        var (start, final) = (delivered[0].Activity!, delivered[1].Activity!);
        Assert.Equal(ActivityTypes.Typing, start.Type);
        Assert.Equal("informative", start.Entities!.Single(e => e.Type == "streaminfo").GetProperty("streamType")!.Value.GetString());
        var streamId = JsonDocument.Parse(delivered[0].Response).RootElement.GetProperty("id").GetString();
        Assert.Equal(streamId, final.Entities!.Single(e => e.Type == "streaminfo").GetProperty("streamId")!.Value.GetString());
        Assert.Equal(ActivityTypes.Message, final.Type);
        // The final carries the answer as text, its source in the citation entity (Teams refuses a final that drops the text).
        Assert.EndsWith("[1]", final.Text, StringComparison.Ordinal);
        Assert.Contains("reset-password", final.Entities!.Single(e => e.Type == "https://schema.org/Message").ExtensionData!["citation"].GetRawText(), StringComparison.Ordinal);

        var log = await Get<TouchpointStore>().GetConversationAsync(conversation);
        Assert.Equal([TouchpointKind.CustomerMessage, TouchpointKind.BotAnswer], log.Select(t => t.Kind).ToArray());
    }

    [Fact]
    public async Task A_channel_mention_is_answered_in_its_thread_with_the_mention_stripped_and_no_stream()
    {
        var thread = $"19:{Guid.NewGuid():N}@thread.tacv2;messageid=1759881511856";
        await PostAsync(Replay("teams-channel-mention", a =>
        {
            a["text"] = "<at>ridotest</at> How long does a refund take?";
            a["conversation"]!["id"] = thread;
        }));

        var delivered = _channel.Delivered;
        Assert.Equal([ActivityTypes.Typing, ActivityTypes.Message], delivered.Select(c => c.Activity!.Type).ToArray());
        Assert.Null(delivered[0].Activity!.Entities);
        Assert.All(delivered, c => Assert.StartsWith($"/v3/conversations/{Uri.EscapeDataString(thread)}/activities/", c.RawTarget, StringComparison.Ordinal));
        Assert.All(delivered, c => Assert.Equal(thread, c.ConversationHeader));
        var question = (await Get<TouchpointStore>().GetConversationAsync(thread)).First(t => t.Kind == TouchpointKind.CustomerMessage);
        Assert.Equal("How long does a refund take?", question.Text);
    }

    [Fact]
    public async Task A_group_chat_mention_is_answered_in_the_chat_with_the_mention_stripped()
    {
        var chat = $"19:{Guid.NewGuid():N}@thread.v2";
        await PostAsync(Replay("teams-channel-mention", a =>
        {
            a["text"] = "<at>ridotest</at> What does a solid orange light on the hub mean?";
            a["conversation"] = new JsonObject { ["id"] = chat, ["isGroup"] = true, ["conversationType"] = "groupChat", ["tenantId"] = "50612dbb-0237-4969-b378-8d42590f9c00" };
            a.Remove("channelData");
        }));

        var answer = Assert.Single(_channel.Delivered, c => c.Activity!.Type == ActivityTypes.Message).Activity!;
        Assert.Equal(chat, answer.Conversation!.Id);
        Assert.DoesNotContain(answer.Entities!, e => e.Type == "streaminfo");
        var question = (await Get<TouchpointStore>().GetConversationAsync(chat)).First(t => t.Kind == TouchpointKind.CustomerMessage);
        Assert.Equal("What does a solid orange light on the hub mean?", question.Text);
    }

    [Fact]
    public async Task Installing_the_bot_welcomes_fully_in_a_personal_chat_and_briefly_in_a_team_and_new_team_members_get_nothing()
    {
        await PostAsync(Replay("teams-conversation-update-personal", a => a["conversation"]!["id"] = NewConversation("a:")));
        await PostAsync(Replay("teams-conversation-update-team", a => a["conversation"]!["id"] = NewConversation("19:")));
        await PostAsync(Replay("teams-conversation-update-team", a =>
        {
            a["conversation"]!["id"] = NewConversation("19:");
            a["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:new-colleague" });
        }));

        Assert.Equal([BotMessages.English.Welcome("Lumora"), BotMessages.English.TeamWelcome("Lumora")], _channel.Delivered.Select(c => c.Activity!.Text!).ToArray());
    }

    [Fact]
    public async Task Talk_to_a_person_on_the_card_replaces_the_card_and_escalates_through_the_conversation()
    {
        var conversation = NewConversation("a:");
        var response = await PostAsync(Replay("teams-adaptive-card-invoke", a =>
        {
            a["conversation"]!["id"] = conversation;
            a["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "handoff", ["data"] = new JsonObject() }, ["trigger"] = "manual" };
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.GetProperty("type").GetString());
        Assert.Equal(BotMessages.English.HumanRequested, body.GetProperty("value").GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Contains(_channel.Delivered, c => c.Activity!.Text == BotMessages.English.HumanRequested);
        var escalation = Assert.Single(await Get<TouchpointStore>().GetConversationAsync(conversation), t => t.Kind == TouchpointKind.Escalation);
        Assert.Equal(EscalationReasons.CustomerAsked, escalation.Reason);
    }

    [Fact]
    public async Task Replies_the_channel_cannot_take_wait_in_the_outbox_and_arrive_once_in_order_when_it_is_back()
    {
        var conversation = NewConversation("a:");
        _channel.Down = true;
        foreach (var question in new[] { "How do I reset my password?", "How long does a refund take?" })
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Replay("teams-personal-message", a =>
            {
                a["text"] = question;
                a["conversation"]!["id"] = conversation;
            }))).StatusCode);
        }
        Assert.Empty(_channel.Delivered);
        var key = $"msteams/{conversation}";
        // The two answers; the stream starts are not kept, since a stream opened minutes late helps nobody, and the
        // answers that wait carry no stream id.
        var waiting = await Get<ConnectorOutbox>().ListAsync(key, CancellationToken.None);
        Assert.Equal(2, waiting.Count);

        _channel.Down = false;
        var drain = _factory.Services.GetServices<IHostedService>().OfType<ConnectorOutboxDrain>().Single();
        // Past any backoff an earlier background pass set; passes never overlap, so whichever runs delivers each entry once.
        _factory.Clock.Advance(TimeSpan.FromHours(1));
        await drain.DrainOnceAsync(CancellationToken.None);
        Assert.Equal(0, await drain.DrainOnceAsync(CancellationToken.None));
        Assert.Equal(2, _channel.Delivered.Count);
        Assert.All(_channel.Delivered, c => Assert.DoesNotContain(c.Activity!.Entities ?? [], e => e.Type == "streaminfo"));

        var texts = _channel.Delivered.Select(c => c.Activity!).Where(a => a.Type == ActivityTypes.Message).Select(a => a.Attachments![0].Content!.Value.GetRawText()).ToList();
        Assert.Equal(2, texts.Count);
        Assert.Contains("reset-password", texts[0], StringComparison.Ordinal);
        Assert.Contains("refund", texts[1], StringComparison.Ordinal);
        Assert.Empty(await Get<ConnectorOutbox>().ListAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task A_reply_the_channel_keeps_refusing_is_kept_as_dead_not_dropped()
    {
        var conversation = NewConversation("a:");
        _channel.Fail(new FakeConnectorChannel.Fault(403, ErrorCode: "BotNotInConversationRoster"));
        await PostAsync(Replay("teams-conversation-update-personal", a => a["conversation"]!["id"] = conversation));
        var drain = _factory.Services.GetServices<IHostedService>().OfType<ConnectorOutboxDrain>().Single();
        _channel.Fail([.. Enumerable.Repeat(new FakeConnectorChannel.Fault(403, ErrorCode: "BotNotInConversationRoster"), 5)]);
        for (var pass = 0; pass < 4; pass++)
        {
            _factory.Clock.Advance(TimeSpan.FromHours(1));
            await drain.DrainOnceAsync(CancellationToken.None);
        }

        var entry = Assert.Single(await Get<ConnectorOutbox>().ListAsync($"msteams/{conversation}", CancellationToken.None));
        Assert.Equal(ConnectorOutbox.Dead, entry.State);
        Assert.Contains("403", entry.LastError, StringComparison.Ordinal);
        // Refused on the first send and on two outbox tries (Bot:Outbox:MaxAttemptsWhenRefused), then left alone.
        Assert.Equal(3, _channel.Calls.Count);
    }
}
