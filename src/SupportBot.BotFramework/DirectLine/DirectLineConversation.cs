using System.Text.Json.Serialization;

namespace SupportBot.BotFramework.DirectLine;

// Response of start conversation, reconnect, and token generate/refresh (the last two carry
// no streamUrl).
public sealed record DirectLineConversation
{
    public required string ConversationId { get; init; }

    public string? Token { get; init; }

    // Seconds. The only snake_case name in Direct Line 3.0.
    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }

    public string? StreamUrl { get; init; }

    public string? ReferenceGrammarId { get; init; }

    [JsonPropertyName("eTag")]
    public string? ETag { get; init; }
}
