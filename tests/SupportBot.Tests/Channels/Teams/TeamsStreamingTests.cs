using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.BotFramework.Schema;
using SupportBot.Channels.BotFramework;
using SupportBot.Conversations;
using SupportBot.FakeOpenAi;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Channels.BotFramework;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels.Teams;

/// A personal chat in Teams, end to end: the customer's message arrives on /api/messages, the model's answer streams
/// through the real connector to a fake Teams that holds the bot to Teams' streaming rules, and every stream ends
/// in a final Teams accepts. Nothing lands in the outbox.
public sealed class TeamsStreamingTests : IAsyncLifetime, IDisposable
{
    private const string Generated = "Open the Lumora app and tap Sign in, then Forgot password? under the password field [S1]. The reset link we email you works for 60 minutes [S1].";

    private FakeOpenAiServer _model = null!;
    private FakeConnectorChannel _teams = null!;
    private SupportBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAiServer.StartAsync();
        // Slow enough for several updates to pass Teams' pacing of one a second.
        _model.PieceDelay = TimeSpan.FromMilliseconds(150);
        _teams = await FakeConnectorChannel.StartAsync();
        _factory = new SupportBotFactory { UseFakeClock = false };
        _factory.WithModel(_model.Endpoint);
        _factory.Settings["Llm:ClassifyMessages"] = "false";
        _factory.Settings["Answering:TypingDelay"] = "00:00:00";
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _teams.DisposeAsync();
        await _model.DisposeAsync();
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_final_message_carries_the_streamed_text_with_its_citations_and_the_ai_label()
    {
        _model.Responder = _ => Generated;

        var conversation = await SayAsync("How do I reset my password?");

        var refused = _teams.Calls.Where(c => c.Status >= 400).Select(c => $"{c.Status} {c.Response}").ToList();
        Assert.Empty(refused);
        var stream = Sent().Where(a => a.Entities?.Any(e => e.Type == "streaminfo") == true).ToList();
        var updates = stream.Where(a => a.Type == ActivityTypes.Typing).Skip(1).ToList();
        Assert.NotEmpty(updates);
        var final = Assert.Single(stream, a => a.Type == ActivityTypes.Message);
        Assert.StartsWith(updates[^1].Text!, final.Text, StringComparison.Ordinal);
        Assert.Equal(final.Text, Assert.Single(_teams.Streams.Finals).Value);
        Assert.Contains("[1]", final.Text, StringComparison.Ordinal);
        // One schema.org entity: the AI label and the citation its [1] marker points to, whose abstract is the passage.
        var message = Assert.Single(final.Entities!, e => e.Type == "https://schema.org/Message").ExtensionData!;
        Assert.Equal("AIGeneratedContent", message["additionalType"][0].GetString());
        var claim = Assert.Single(message["citation"].EnumerateArray());
        Assert.Equal(1, claim.GetProperty("position").GetInt32());
        var summary = claim.GetProperty("appearance").GetProperty("abstract").GetString()!;
        Assert.DoesNotContain("[1]", summary, StringComparison.Ordinal);
        Assert.Contains("Lumora", summary, StringComparison.Ordinal);
        // "Talk to a person" rides below the text, in the one card the final carries.
        var card = Assert.Single(final.Attachments!).Content!.Value;
        Assert.Equal("handoff", card.GetProperty("actions")[0].GetProperty("verb").GetString());
        Assert.DoesNotContain("Forgot password", card.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(await OutboxAsync(conversation));
    }

    [Fact]
    public async Task An_answer_the_guard_replaces_closes_the_stream_with_what_was_shown_and_follows_as_a_new_message()
    {
        // No citation: the checks refuse it once it is complete, after some of it was shown.
        _model.Responder = _ => "Open the Lumora app and tap Sign in, then tap Forgot password? under the password field and follow the email.";

        var conversation = await SayAsync("How do I reset my password?");

        Assert.DoesNotContain(_teams.Calls, c => c.Status >= 400);
        var sent = Sent();
        var final = Assert.Single(sent, a => a.Type == ActivityTypes.Message && a.Entities?.Any(e => e.Type == "streaminfo") == true);
        var lastShown = sent.Last(a => a.Type == ActivityTypes.Typing).Text;
        Assert.Equal(lastShown, final.Text);
        var corrected = sent[^1];
        Assert.Equal(ActivityTypes.Message, corrected.Type);
        Assert.DoesNotContain(corrected.Entities ?? [], e => e.Type == "streaminfo");
        Assert.DoesNotContain("follow the email", corrected.Text, StringComparison.Ordinal);
        Assert.Contains("[1]", corrected.Text, StringComparison.Ordinal);
        Assert.Empty(await OutboxAsync(conversation));
    }

    [Fact]
    public async Task After_the_customer_presses_Stop_nothing_more_is_sent_and_nothing_waits_in_the_outbox()
    {
        _model.Responder = _ => Generated;
        _teams.Streams.StopAfterUpdates = 1;

        var conversation = await SayAsync("How do I reset my password?");

        var calls = _teams.Calls.ToList();
        var refused = Assert.Single(calls, c => c.Status == 403);
        Assert.Same(refused, calls[^1]);
        Assert.DoesNotContain(calls, c => c.Activity?.Type == ActivityTypes.Message);
        Assert.Empty(await OutboxAsync(conversation));
    }

    [Fact]
    public async Task With_streaming_turned_off_the_answer_arrives_as_one_plain_message()
    {
        _model.Responder = _ => Generated;
        _teams.Streams.Disabled = true;

        var conversation = await SayAsync("How do I reset my password?");

        var answer = Assert.Single(Sent(), a => a.Type == ActivityTypes.Message);
        Assert.DoesNotContain(answer.Entities ?? [], e => e.Type == "streaminfo");
        Assert.Equal(200, _teams.Calls.Single(c => c.Activity?.Type == ActivityTypes.Message).Status);
        Assert.Empty(await OutboxAsync(conversation));
    }

    private List<Activity> Sent() => [.. _teams.Delivered.Select(c => c.Activity).OfType<Activity>()];

    private async Task<IReadOnlyList<(string State, string ActivityJson, string? LastError)>> OutboxAsync(string conversation)
        => await _factory.Services.GetRequiredService<ConnectorOutbox>().ListAsync($"msteams/{conversation}", CancellationToken.None);

    private async Task<string> SayAsync(string text)
    {
        var conversation = $"a:{Guid.NewGuid():N}";
        var activity = JsonNode.Parse(Fixture.Read("teams-personal-message"))!.AsObject();
        activity["serviceUrl"] = _teams.ServiceUrl;
        activity["id"] = Guid.NewGuid().ToString("N");
        activity["text"] = text;
        activity["conversation"]!["id"] = conversation;
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().PostAsync(new Uri("/api/messages", UriKind.Relative), content)).StatusCode);
        await _factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        return conversation;
    }
}
