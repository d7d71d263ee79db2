using System.Text.Json;
using SupportBot.BotFramework.Schema;

namespace SupportBot.BotFramework.Teams;

/// The streaminfo entity of Teams' streaming protocol: an informative or streaming typing activity starts a
/// stream (the channel answers 201 with the stream id), later typing activities continue it with cumulative
/// text and a rising sequence, and one final message closes it.
public static class StreamInfo
{
    public const string EntityType = "streaminfo";

    public static Entity Informative(int sequence) => Create("informative", sequence, streamId: null);

    public static Entity Streaming(string? streamId, int sequence) => Create("streaming", sequence, streamId);

    // Microsoft's documentation says the final message carries no streamSequence, so it has none.
    public static Entity Final(string streamId) => Create("final", sequence: null, streamId);

    /// "informative", "streaming" or "final" when the activity belongs to a stream, else null.
    public static string? StreamTypeOf(Activity activity)
        => activity?.Entities?.FirstOrDefault(e => e.Type == EntityType)?.ExtensionData?.GetValueOrDefault("streamType") is { ValueKind: JsonValueKind.String } type
            ? type.GetString()
            : null;

    /// The message as a message of its own, outside any stream: what a stream's final becomes when the stream can no
    /// longer take it (closed by the channel's time limit while the final waited).
    public static Activity WithoutStream(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var entities = activity.Entities?.Where(e => e.Type != EntityType).ToList();
        return activity with { Entities = entities is { Count: > 0 } ? entities : null };
    }

    private static Entity Create(string streamType, int? sequence, string? streamId)
    {
        var data = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["streamType"] = JsonSerializer.SerializeToElement(streamType),
        };
        if (sequence is { } n)
        {
            data["streamSequence"] = JsonSerializer.SerializeToElement(n);
        }
        if (streamId is not null)
        {
            data["streamId"] = JsonSerializer.SerializeToElement(streamId);
        }
        return new Entity { Type = EntityType, ExtensionData = data };
    }
}
