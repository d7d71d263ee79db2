using System.Collections.Concurrent;
using System.Text.Json;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Tests.Channels.BotFramework;

/// Teams' rules for streamed bot messages, as its streaming documentation states them and Microsoft's SDKs rely on:
/// a typing activity with a streaminfo entity and no streamId starts a stream (it must carry text; 201 with the
/// stream id), later typing activities continue it with text that extends what was shown (202), and one message
/// with streamType "final" closes it. A final whose text is not the streamed text is a 400; anything sent into a
/// stream the customer stopped, or after its final, is a 403 ContentStreamNotAllowed.
public sealed class FakeTeamsStreams
{
    private readonly ConcurrentDictionary<string, Stream> _streams = new(StringComparer.Ordinal);
    private int _next;

    public sealed record Verdict(int Status, string Body);

    private sealed class Stream
    {
        public string Shown { get; set; } = string.Empty;

        public int Sequence { get; set; }

        public bool Stopped { get; set; }

        public bool Ended { get; set; }
    }

    /// Streaming turned off for the bot: the first activity of a stream is refused, as Teams refuses it.
    public bool Disabled { get; set; }

    /// The customer presses Stop once the stream has shown this many updates.
    public int? StopAfterUpdates { get; set; }

    /// The text of each stream's final message, by stream id.
    public ConcurrentDictionary<string, string?> Finals { get; } = new(StringComparer.Ordinal);

    /// The channel's answer to an activity that belongs to a stream; null for any other call.
    public Verdict? Judge(string method, string body)
    {
        if (method != "POST" || !body.Contains("\"streaminfo\"", StringComparison.Ordinal))
        {
            return null;
        }
        var activity = BotJson.Deserialize<Activity>(body);
        var info = activity.Entities!.First(e => e.Type == "streaminfo").ExtensionData!;
        var streamType = info["streamType"].GetString();
        var streamId = info.TryGetValue("streamId", out var id) ? id.GetString() : null;
        if (streamId is null)
        {
            if (Disabled)
            {
                return Error(403, "ContentStreamNotAllowed", "Content stream is not allowed on this bot");
            }
            if (string.IsNullOrEmpty(activity.Text))
            {
                return Error(400, "BadRequest", "Start streaming activities should include text");
            }
            var started = $"stream-{Interlocked.Increment(ref _next)}";
            _streams[started] = new Stream { Sequence = info["streamSequence"].GetInt32(), Shown = streamType == "streaming" ? activity.Text : string.Empty };
            return new Verdict(201, JsonSerializer.Serialize(new { id = started }));
        }
        if (!_streams.TryGetValue(streamId, out var stream))
        {
            return Error(400, "BadRequest", "Unknown stream");
        }
        if (stream.Stopped || stream.Ended)
        {
            return Error(403, "ContentStreamNotAllowed", "Content stream finished due to user cancellation or completion");
        }
        if (streamType == "final")
        {
            if (activity.Type != ActivityTypes.Message || info.ContainsKey("streamSequence"))
            {
                return Error(400, "BadRequest", "A final streaming message is a message without a sequence");
            }
            if (!(activity.Text ?? string.Empty).StartsWith(stream.Shown, StringComparison.Ordinal) || (stream.Shown.Length > 0 && activity.Text is null))
            {
                return Error(400, "BadRequest", "Final streaming message text does not match the streamed content");
            }
            stream.Ended = true;
            Finals[streamId] = activity.Text;
            return new Verdict(200, JsonSerializer.Serialize(new { id = streamId }));
        }
        var sequence = info["streamSequence"].GetInt32();
        if (sequence <= stream.Sequence)
        {
            return Error(202, "ContentStreamSequenceOrderPreConditionFailed", "Out of order");
        }
        if (activity.Type != ActivityTypes.Typing || string.IsNullOrEmpty(activity.Text) || !activity.Text.StartsWith(stream.Shown, StringComparison.Ordinal))
        {
            return Error(400, "BadRequest", "Streamed content must extend the content already streamed");
        }
        stream.Sequence = sequence;
        stream.Shown = activity.Text;
        if (StopAfterUpdates is { } stopAfter && sequence - 1 >= stopAfter)
        {
            stream.Stopped = true;
        }
        return new Verdict(202, "{}");
    }

    private static Verdict Error(int status, string code, string message)
        => new(status, BotJson.Serialize(ErrorResponse.Create(code, message)));
}
