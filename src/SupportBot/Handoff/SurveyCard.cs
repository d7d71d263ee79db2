using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.BotFramework.Schema;
using SupportBot.Localization;

namespace SupportBot.Handoff;

/// The satisfaction survey sent when an agent resolves a conversation: an Adaptive Card (1.3, which Web Chat and
/// Teams both render) with a required 1-5 rating and an optional comment. Submitting it posts a message whose value
/// carries the answers and the handoff it rates.
internal static class SurveyCard
{
    public const string Marker = "supportbot";
    public const string MarkerValue = "survey";
    private const string ContentType = "application/vnd.microsoft.card.adaptive";

    public static Attachment Create(long handoffId, BotMessages messages) => new()
    {
        ContentType = ContentType,
        Content = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.3",
            ["body"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "Input.ChoiceSet",
                    ["id"] = "rating",
                    ["style"] = "expanded",
                    // A required input needs its label and error message: Web Chat renders nothing for a card that
                    // fails the Adaptive Cards validation.
                    ["isRequired"] = true,
                    ["label"] = messages.SurveyQuestion,
                    ["errorMessage"] = messages.SurveyRatingRequired,
                    ["choices"] = new JsonArray([.. Enumerable.Range(1, 5).Select(n => (JsonNode)new JsonObject { ["title"] = Label(n, messages), ["value"] = n.ToString(CultureInfo.InvariantCulture) })]),
                },
                new JsonObject { ["type"] = "Input.Text", ["id"] = "comment", ["isMultiline"] = true, ["placeholder"] = messages.SurveyComment, ["maxLength"] = 1000 },
            },
            ["actions"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "Action.Submit",
                    ["title"] = messages.SurveySend,
                    ["data"] = new JsonObject { [Marker] = MarkerValue, ["handoff"] = handoffId },
                },
            },
        }),
    };

    /// The survey's answers when the activity is a submitted survey, else null.
    public static (long HandoffId, int Rating, string? Comment)? Read(Activity activity)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty(Marker, out var marker) || marker.ValueKind != JsonValueKind.String || marker.GetString() != MarkerValue)
        {
            return null;
        }
        var handoff = value.TryGetProperty("handoff", out var id) && id.TryGetInt64(out var n) ? n : 0;
        var rating = value.TryGetProperty("rating", out var r) ? r.ValueKind switch
        {
            JsonValueKind.String when int.TryParse(r.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            JsonValueKind.Number when r.TryGetInt32(out var number) => number,
            _ => 0,
        } : 0;
        var comment = value.TryGetProperty("comment", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()?.Trim() : null;
        return rating is >= 1 and <= 5 ? (handoff, rating, string.IsNullOrEmpty(comment) ? null : comment) : null;
    }

    private static string Label(int rating, BotMessages messages) => rating switch
    {
        1 => $"1 - {messages.SurveyVeryDissatisfied}",
        5 => $"5 - {messages.SurveyVerySatisfied}",
        _ => rating.ToString(CultureInfo.InvariantCulture),
    };
}
