using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SupportBot.BotFramework.Serialization;

// Contract modifier applying the Bot Framework writing rules to every object contract, so no
// type needs a hand-written converter.
internal static class WireRules
{
    public static void Apply(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            // Only optional (nullable) members may vanish from the wire. Required ones, e.g.
            // ActivitySet.activities, are written even when empty.
            if (property.IsExtensionData || property.Get is null || !property.IsGetNullable)
            {
                continue;
            }

            if (GetRule(property.PropertyType) is { } rule)
            {
                var previous = property.ShouldSerialize;
                property.ShouldSerialize = previous is null
                    ? rule
                    : (owner, value) => rule(owner, value) && previous(owner, value);
            }
        }
    }

    private static Func<object, object?, bool>? GetRule(Type type)
    {
        if (type == typeof(string))
        {
            // A2004: never emit empty strings.
            return static (_, value) => value is string { Length: > 0 };
        }

        if (type == typeof(JsonElement) || type == typeof(JsonElement?))
        {
            // An explicit JSON null or a default JsonElement is "no value".
            return static (_, value) => value is JsonElement { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) };
        }

        if (typeof(IEnumerable).IsAssignableFrom(type) && !typeof(IDictionary).IsAssignableFrom(type))
        {
            // A2100/A3050: omit empty attachments/entities, and by extension any empty list.
            return static (_, value) => value is IEnumerable items && !IsEmpty(items);
        }

        return null;
    }

    private static bool IsEmpty(IEnumerable items)
    {
        if (items is ICollection collection)
        {
            return collection.Count == 0;
        }

        var enumerator = items.GetEnumerator();
        try
        {
            return !enumerator.MoveNext();
        }
        finally
        {
            (enumerator as IDisposable)?.Dispose();
        }
    }
}
