using System.Text.Json.Serialization;
using SupportBot.BotFramework.Schema;

namespace SupportBot.BotFramework.DirectLine;

// Optional body of tokens/generate and of start conversation (DirectLineJS may send {"user":{}}, and the locale
// given in its conversationStartProperties).
public sealed record TokenParameters
{
    public ChannelAccount? User { get; init; }

    public IReadOnlyList<string>? TrustedOrigins { get; init; }

    public string? Locale { get; init; }

    [JsonPropertyName("eTag")]
    public string? ETag { get; init; }
}
