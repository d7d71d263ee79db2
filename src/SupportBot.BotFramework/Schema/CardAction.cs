using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.BotFramework.Schema;

public sealed record CardAction
{
    // One of ActionTypes.
    public string? Type { get; init; }

    public string? Title { get; init; }

    public string? Image { get; init; }

    public string? ImageAltText { get; init; }

    public string? Text { get; init; }

    public string? DisplayText { get; init; }

    public JsonElement? Value { get; init; }

    public JsonElement? ChannelData { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; init; }
}
