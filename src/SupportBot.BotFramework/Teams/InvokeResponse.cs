using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.BotFramework.Teams;

/// The synchronous answer to an invoke activity: Status becomes the HTTP status of the channel's POST and
/// Body its JSON body.
public sealed record InvokeResponse(int Status, JsonNode? Body)
{
    /// What the SDK answers when nothing handled the invoke.
    public static InvokeResponse NotImplemented { get; } = new(501, null);

    public static InvokeResponse Ok(JsonNode? body = null) => new(200, body ?? new JsonObject());

    /// adaptiveCard/action: replace the card the customer acted on.
    public static InvokeResponse AdaptiveCard(JsonNode card)
        => Universal(200, "application/vnd.microsoft.card.adaptive", card);

    /// adaptiveCard/action: show a short message in place of the card's response.
    public static InvokeResponse AdaptiveCardMessage(string text)
        => Universal(200, "application/vnd.microsoft.activity.message", JsonValue.Create(text));

    public static InvokeResponse AdaptiveCardError(int status, string code, string message)
        => Universal(status, "application/vnd.microsoft.error", new JsonObject { ["code"] = code, ["message"] = message });

    // Universal Actions put the status inside the body too; the SDK sends it as the HTTP status as well.
    private static InvokeResponse Universal(int status, string type, JsonNode? value)
        => new(status, new JsonObject { ["statusCode"] = status, ["type"] = type, ["value"] = value });

    public string? BodyJson => Body?.ToJsonString(JsonSerializerOptions.Web);
}
