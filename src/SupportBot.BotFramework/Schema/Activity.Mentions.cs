using System.Text.Json;

namespace SupportBot.BotFramework.Schema;

public sealed partial record Activity
{
    // Teams puts "<at>BotName</at>" in the text of channel messages. The display name can differ
    // from the registered one, so the mention is matched by mentioned.id, never by name.
    public string? GetMentionFreeText()
    {
        if (Text is null)
        {
            return null;
        }

        var botId = Recipient?.Id;
        var text = Text;
        if (!string.IsNullOrEmpty(botId) && Entities is not null)
        {
            foreach (var entity in Entities)
            {
                if (GetMentionTextOf(entity, botId) is { } mentionText)
                {
                    text = text.Replace(mentionText, string.Empty, StringComparison.Ordinal);
                }
            }
        }

        return text.Trim();
    }

    private static string? GetMentionTextOf(Entity entity, string id)
    {
        if (!string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase)
            || entity.GetProperty("mentioned") is not { ValueKind: JsonValueKind.Object } mentioned
            || !mentioned.TryGetProperty("id", out var mentionedId)
            || mentionedId.ValueKind != JsonValueKind.String
            || !mentionedId.ValueEquals(id)
            || entity.GetProperty("text") is not { ValueKind: JsonValueKind.String } text)
        {
            return null;
        }

        return text.GetString() is { Length: > 0 } value ? value : null;
    }
}
