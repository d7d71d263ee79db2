using System.Text.Json;
using SupportBot.BotFramework.Schema;
using SupportBot.Touchpoints;

namespace SupportBot.Handoff;

/// The Bot Framework handoff protocol, for a contact-centre (Omnichannel, Copilot Studio style) connected to the
/// channel: the bot sends a handoff.initiate event carrying its context and the transcript, and the centre answers
/// with handoff.status events.
internal static class ExternalHandoff
{
    public const string InitiateName = "handoff.initiate";
    public const string StatusName = "handoff.status";
    public const string Accepted = "accepted";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public static Activity Initiate(Activity turn, HandoffRecord handoff, IReadOnlyList<Touchpoint> transcript) => new()
    {
        Type = ActivityTypes.Event,
        Name = InitiateName,
        Id = Guid.NewGuid().ToString(),
        ChannelId = turn.ChannelId,
        ServiceUrl = turn.ServiceUrl,
        Conversation = turn.Conversation,
        // As botbuilder's EventFactory addresses it: from the customer whose conversation is handed over.
        From = turn.From,
        Recipient = turn.Recipient,
        ReplyToId = turn.Id,
        RelatesTo = turn.GetConversationReference(),
        Value = JsonSerializer.SerializeToElement(new { skill = handoff.Queue, reason = handoff.Reason, summary = handoff.Summary, locale = handoff.Locale }),
        Attachments =
        [
            new Attachment
            {
                ContentType = "application/json",
                Name = "Transcript",
                Content = JsonSerializer.SerializeToElement(new { activities = Activities(turn, transcript) }, SupportBot.BotFramework.BotJson.Options),
            },
        ],
    };

    /// The state and message of a handoff.status event, or null when the activity is not one.
    public static (string State, string? Message)? ReadStatus(Activity activity)
    {
        if (activity.Type != ActivityTypes.Event || activity.Name != StatusName || activity.Value is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }
        var state = value.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var message = value.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        return state is null ? null : (state, message);
    }

    // The conversation as message activities, the shape a transcript attachment carries.
    private static List<Activity> Activities(Activity turn, IReadOnlyList<Touchpoint> transcript)
        => [.. transcript
            .Where(t => !string.IsNullOrEmpty(t.Text) && t.Kind is TouchpointKind.CustomerMessage or TouchpointKind.BotAnswer or TouchpointKind.Escalation or TouchpointKind.SmallTalk or TouchpointKind.Welcome)
            .Select(t => new Activity
            {
                Type = ActivityTypes.Message,
                Id = t.ActivityId,
                Timestamp = t.OccurredAt,
                ChannelId = turn.ChannelId,
                Conversation = turn.Conversation,
                From = t.Kind == TouchpointKind.CustomerMessage ? turn.From : turn.Recipient,
                Recipient = t.Kind == TouchpointKind.CustomerMessage ? turn.Recipient : turn.From,
                Text = t.Text,
            })];
}
