using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Answering;
using SupportBot.BotFramework.Schema;
using SupportBot.Conversations;
using SupportBot.FakeOpenAi;
using SupportBot.Localization;
using SupportBot.Tests.Conversations;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Llm;

/// A generated answer is shown while the model writes it, in the channels that stream (Web Chat through Direct
/// Line, Teams personal chats): cumulative, sequenced updates in the stream the "thinking" activity opened, then
/// the checked final message that replaces them.
public sealed class StreamingAnswerTests : IAsyncLifetime, IDisposable
{
    private const string Generated = "Open the Lumora app and tap Sign in, then Forgot password? under the password field [S1]. The reset link we email you works for 60 minutes [S1].";

    private FakeOpenAiServer _server = null!;
    private SupportBotFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        // Slow enough for several updates to pass the channels' pacing (0.5 s for Direct Line, 1 s for Teams).
        _server.PieceDelay = TimeSpan.FromMilliseconds(120);
        _factory = new SupportBotFactory { UseFakeClock = false };
        _factory.WithModel(_server.Endpoint);
        _factory.Settings["Llm:ClassifyMessages"] = "false";
        // The stream opens at once, whatever the model's speed: what each stream activity carries is tested here.
        _factory.Settings["Answering:TypingDelay"] = "00:00:00";
        _ = _factory.Server;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Web_Chat_sees_the_answer_grow_in_one_livestream_that_the_final_message_closes()
    {
        _server.Responder = _ => Generated;

        var sent = await AskAsync(ChannelIds.Directline, "How do I reset my password?");

        var thinking = sent[0];
        Assert.Equal(ActivityTypes.Typing, thinking.Type);
        Assert.Equal(("informative", 1, null), Stream(thinking));
        var updates = sent.Skip(1).TakeWhile(a => a.Type == ActivityTypes.Typing).ToList();
        Assert.True(updates.Count >= 2, $"{updates.Count} updates");
        Assert.Equal(Enumerable.Range(2, updates.Count), updates.Select(u => Stream(u).Sequence!.Value));
        Assert.All(updates, u => Assert.Equal(("streaming", "sent-1"), (Stream(u).Type, Stream(u).StreamId)));
        var final = Assert.Single(sent, a => a.Type == ActivityTypes.Message);
        Assert.Equal(("final", null, "sent-1"), Stream(final));
        // Each update holds the whole text so far, as the final message begins; markers are already numbered.
        Assert.StartsWith("Open the Lumora app and tap Sign in, then Forgot password? under the password field [1]. The reset link", final.Text, StringComparison.Ordinal);
        for (var i = 0; i < updates.Count; i++)
        {
            Assert.StartsWith(updates[i].Text!, final.Text!, StringComparison.Ordinal);
            Assert.DoesNotContain("[S", updates[i].Text!, StringComparison.Ordinal);
            if (i > 0)
            {
                Assert.True(updates[i].Text!.Length > updates[i - 1].Text!.Length);
            }
        }
    }

    [Fact]
    public async Task Teams_reads_the_stream_from_the_streaminfo_entity_alone()
    {
        _server.Responder = _ => Generated;

        var sent = await AskAsync(ChannelIds.Msteams, "How do I reset my password?");

        var updates = sent.Skip(1).TakeWhile(a => a.Type == ActivityTypes.Typing).ToList();
        Assert.NotEmpty(updates);
        Assert.All(sent, a => Assert.False(a.ChannelData is { } data && data.TryGetProperty("streamType", out _)));
        Assert.All(updates, u => Assert.Equal(("streaming", "sent-1"), (Stream(u).Type, Stream(u).StreamId)));
        Assert.Equal(("final", null, "sent-1"), Stream(Assert.Single(sent, a => a.Type == ActivityTypes.Message)));
    }

    [Fact]
    public async Task A_model_that_finds_no_answer_shows_nothing_before_the_offer_of_a_person()
    {
        _server.Responder = _ => GroundedAnswerer.NoAnswer;

        var sent = await AskAsync(ChannelIds.Directline, "How do I reset my password?");

        Assert.Single(sent, a => a.Type == ActivityTypes.Typing);
        Assert.StartsWith(BotMessages.English.NotSure, Assert.Single(sent, a => a.Type == ActivityTypes.Message).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_citation_of_a_section_it_was_not_given_stops_the_stream_and_the_knowledge_base_answer_replaces_it()
    {
        _server.Responder = _ => "Tap Forgot password [S9]. Then our competitor will happily sell you better bulbs for less money.";

        var sent = await AskAsync(ChannelIds.Directline, "How do I reset my password?");

        Assert.All(sent.Where(a => a.Type == ActivityTypes.Typing), a => Assert.DoesNotContain("competitor", a.Text ?? string.Empty, StringComparison.Ordinal));
        var final = Assert.Single(sent, a => a.Type == ActivityTypes.Message);
        var extractive = _factory.Services.GetRequiredService<Answerer>().Answer("How do I reset my password?", []);
        Assert.StartsWith(extractive.Text, final.Text, StringComparison.Ordinal);
        Assert.Equal(("final", null, "sent-1"), Stream(final));
    }

    private async Task<List<Activity>> AskAsync(string channel, string question)
    {
        var sender = new RecordingSender();
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = "m1",
            ChannelId = channel,
            ServiceUrl = "https://smba.trafficmanager.net/teams/",
            Conversation = new ConversationAccount { Id = Guid.NewGuid().ToString("N"), ConversationType = channel == ChannelIds.Msteams ? "personal" : null },
            From = new ChannelAccount { Id = "customer-1", Role = "user" },
            Recipient = new ChannelAccount { Id = "supportbot", Role = "bot" },
            Text = question,
        };
        await _factory.Services.GetRequiredService<TurnDispatcher>().DispatchAsync(activity, sender, CancellationToken.None);
        await _factory.Services.GetRequiredService<ConversationLanes>().DrainAsync();
        return [.. sender.Sent];
    }

    // The stream fields from the streaminfo entity; on Direct Line, channelData must say the same.
    private static (string? Type, int? Sequence, string? StreamId) Stream(Activity activity)
    {
        var entity = Assert.Single(activity.Entities ?? [], e => e.Type == "streaminfo");
        var fields = (
            Type: entity.ExtensionData!.GetValueOrDefault("streamType").GetString(),
            Sequence: entity.ExtensionData!.TryGetValue("streamSequence", out var n) ? n.GetInt32() : (int?)null,
            StreamId: entity.ExtensionData!.TryGetValue("streamId", out var id) ? id.GetString() : null);
        if (activity.ChannelId == ChannelIds.Directline)
        {
            var data = activity.ChannelData!.Value;
            Assert.Equal(fields.Type, data.GetProperty("streamType").GetString());
            Assert.Equal(fields.Sequence, data.TryGetProperty("streamSequence", out var s) ? s.GetInt32() : null);
            Assert.Equal(fields.StreamId, data.TryGetProperty("streamId", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null);
        }
        return fields;
    }
}
