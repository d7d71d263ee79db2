using System.Text.Json;
using SupportBot.BotFramework.Schema;

namespace SupportBot.BotFramework.Teams;

/// The Action.Execute a customer pressed, read from an adaptiveCard/action invoke's value.
public sealed record AdaptiveCardAction(string Type, string? Verb, JsonElement? Data)
{
    public const string ExecuteType = "Action.Execute";
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// Null when the value is missing or not an action object (the SDK answers those 400 BadRequest).
    public static AdaptiveCardAction? From(Activity invoke)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        if (invoke.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("action", out var action)
            || action.ValueKind != JsonValueKind.Object
            || !action.TryGetProperty("type", out var type)
            || type.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var verb = action.TryGetProperty("verb", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        JsonElement? data = action.TryGetProperty("data", out var d) ? d : null;
        return new AdaptiveCardAction(type.GetString()!, verb, data);
    }
}
