using System.Text.Json;
using SupportBot.BotFramework.Schema;

namespace SupportBot.BotFramework.Teams;

/// A thumbs up or down from Teams' feedback loop (invoke message/submitAction, actionName "feedback"); the
/// rated message is the invoke's replyToId.
public sealed record FeedbackSubmission(string Reaction, string? Text, string? RatedActivityId)
{
    public const string Like = "like";
    public const string Dislike = "dislike";

    /// Null when the invoke is not a well-formed feedback submission.
    public static FeedbackSubmission? From(Activity invoke)
    {
        ArgumentNullException.ThrowIfNull(invoke);
        if (invoke.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("actionName", out var name) || name.ValueKind != JsonValueKind.String
            || name.GetString() != "feedback"
            || !value.TryGetProperty("actionValue", out var actionValue) || actionValue.ValueKind != JsonValueKind.Object
            || !actionValue.TryGetProperty("reaction", out var reaction) || reaction.ValueKind != JsonValueKind.String
            || reaction.GetString() is not (Like or Dislike))
        {
            return null;
        }
        return new FeedbackSubmission(reaction.GetString()!, ReadFeedbackText(actionValue), invoke.ReplyToId);
    }

    // Teams sends the free text as a JSON string inside the JSON: {"feedbackText":"..."}.
    private static string? ReadFeedbackText(JsonElement actionValue)
    {
        if (!actionValue.TryGetProperty("feedback", out var feedback) || feedback.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        try
        {
            using var inner = JsonDocument.Parse(feedback.GetString()!);
            return inner.RootElement.ValueKind == JsonValueKind.Object
                   && inner.RootElement.TryGetProperty("feedbackText", out var text)
                   && text.ValueKind == JsonValueKind.String
                   && text.GetString() is { Length: > 0 } t
                ? t
                : null;
        }
        catch (JsonException)
        {
            return feedback.GetString();
        }
    }
}
