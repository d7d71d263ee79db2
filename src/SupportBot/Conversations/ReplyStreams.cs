using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;

namespace SupportBot.Conversations;

/// Which channels show a reply as it is written, and how an activity says it belongs to a stream. Teams (personal
/// chats) reads the streaminfo entity; Web Chat 4.18's livestreaming reads the same fields from channelData, so
/// Direct Line activities carry both.
internal static class ReplyStreams
{
    public static bool Supports(Activity inbound)
        => inbound.IsPersonalChat() || inbound.ChannelId is ChannelIds.Directline or ChannelIds.Webchat;

    /// Teams allows about one stream request a second; Web Chat on our own Direct Line takes them faster.
    public static TimeSpan Interval(Activity inbound) => inbound.IsTeams() ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(500);

    /// How long updates may go into one stream. Teams refuses a stream after two minutes (403
    /// ContentStreamNotAllowed); the bot stops short of that so the final message still closes it.
    public static TimeSpan Lifetime(Activity inbound) => inbound.IsTeams() ? TimeSpan.FromSeconds(100) : TimeSpan.FromMinutes(10);

    public static Activity Informative(Activity typing, string text) => Mark(typing with { Text = text }, StreamInfo.Informative(1), "informative", 1, null);

    public static Activity Streaming(Activity typing, string text, string streamId, int sequence)
        => Mark(typing with { Text = text }, StreamInfo.Streaming(streamId, sequence), "streaming", sequence, streamId);

    public static Activity Final(Activity message, string streamId) => Mark(message, StreamInfo.Final(streamId), "final", null, streamId);

    private static Activity Mark(Activity activity, Entity entity, string streamType, int? sequence, string? streamId)
    {
        var marked = activity with { Entities = [.. activity.Entities ?? [], entity] };
        if (activity.IsTeams())
        {
            return marked;
        }
        var channelData = activity.ChannelData is { ValueKind: JsonValueKind.Object } existing
            ? JsonNode.Parse(existing.GetRawText())!.AsObject()
            : [];
        channelData["streamType"] = streamType;
        if (sequence is { } n)
        {
            channelData["streamSequence"] = n;
        }
        if (streamId is not null)
        {
            channelData["streamId"] = streamId;
        }
        return marked with { ChannelData = JsonSerializer.SerializeToElement(channelData) };
    }
}
