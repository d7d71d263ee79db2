using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.BotFramework.Schema;

// Entities are open-ended (mention, clientInfo, streaminfo, schema.org Message, ...): only the
// discriminator is typed, the rest lives in ExtensionData and is read with GetProperty.
public sealed record Entity
{
    public string? Type { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; init; }

    public JsonElement? GetProperty(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ExtensionData is null)
        {
            return null;
        }

        if (ExtensionData.TryGetValue(name, out var exact))
        {
            return exact;
        }

        // A2001: be tolerant of casing when reading.
        foreach (var (key, value) in ExtensionData)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
