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
