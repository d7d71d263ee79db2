using System.Text.Json;
using System.Text.Json.Serialization;
using SupportBot.BotFramework.Serialization;

namespace SupportBot.BotFramework.Schema;

public sealed partial record Activity
{
    // Non-nullable and required: a body without a type is rejected at deserialization (400).
    public required string Type { get; init; }

    public string? Id { get; init; }

    [JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset? Timestamp { get; init; }

    // The client's wall clock: the offset is the information, so it is written as received.
    [JsonConverter(typeof(OffsetTimestampConverter))]
    public DateTimeOffset? LocalTimestamp { get; init; }

    public string? LocalTimezone { get; init; }

    public string? ServiceUrl { get; init; }

    public string? ChannelId { get; init; }

    public ChannelAccount? From { get; init; }

    public ConversationAccount? Conversation { get; init; }

    public ChannelAccount? Recipient { get; init; }

    public string? TextFormat { get; init; }

    public string? AttachmentLayout { get; init; }

    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }

    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }

    public IReadOnlyList<MessageReaction>? ReactionsAdded { get; init; }

    public IReadOnlyList<MessageReaction>? ReactionsRemoved { get; init; }

    public string? TopicName { get; init; }

    public string? Locale { get; init; }

    public string? Text { get; init; }

    public string? Speak { get; init; }

    public string? InputHint { get; init; }

    public string? Summary { get; init; }

    public SuggestedActions? SuggestedActions { get; init; }

    public IReadOnlyList<Attachment>? Attachments { get; init; }

    public IReadOnlyList<Entity>? Entities { get; init; }

    public JsonElement? ChannelData { get; init; }

    public string? Action { get; init; }

    public string? ReplyToId { get; init; }

    public string? Label { get; init; }

    public string? ValueType { get; init; }

    public JsonElement? Value { get; init; }

    public string? Name { get; init; }

    public ConversationReference? RelatesTo { get; init; }

    public string? Code { get; init; }

    [JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset? Expiration { get; init; }

    public string? Importance { get; init; }

    public string? DeliveryMode { get; init; }

    public IReadOnlyList<string>? ListenFor { get; init; }

    // A2250/A2251: set locally after authentication, never sent, and discarded when received.
    // The ignored property still owns the "callerId" name, so an inbound value is skipped
    // rather than captured by ExtensionData and echoed back out.
    [JsonIgnore]
    public string? CallerId { get; init; }

    // A2005: unknown fields are kept so they survive a round trip.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; init; }
}
