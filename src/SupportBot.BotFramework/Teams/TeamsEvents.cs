using System.Text.Json;
using SupportBot.BotFramework.Schema;

namespace SupportBot.BotFramework.Teams;

/// What a Teams activity is, named after the handler Microsoft's TeamsActivityHandler runs for it (botbuilder-js
/// 4.23): the edit, undelete and soft delete of a message ride on messageUpdate and messageDelete with
/// channelData.eventType; installation on installationUpdate's action; file consent on an invoke's value.action.
/// The conformance suite runs the SDK's own handler on the same activities and expects the same names.
public static class TeamsEvents
{
    public const string Message = "message";
    public const string MessageEdit = "messageEdit";
    public const string MessageUndelete = "messageUndelete";
    public const string MessageSoftDelete = "messageSoftDelete";
    public const string MembersAdded = "membersAdded";
    public const string MembersRemoved = "membersRemoved";
    public const string InstallationAdd = "installationAdd";
    public const string InstallationRemove = "installationRemove";
    public const string ReactionsAdded = "reactionsAdded";
    public const string ReactionsRemoved = "reactionsRemoved";
    public const string FileConsentAccept = "fileConsentAccept";
    public const string FileConsentDecline = "fileConsentDecline";
    public const string AdaptiveCardAction = "adaptiveCardAction";
    public const string Typing = "typing";
    /// Anything else: an invoke the bot has no use for, a team renamed, an event of another kind.
    public const string Other = "other";

    public const string FileConsentInvoke = "fileConsent/invoke";

    public static string Classify(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Type switch
        {
            ActivityTypes.Message => Message,
            ActivityTypes.Typing => Typing,
            ActivityTypes.MessageUpdate => EventType(activity) switch
            {
                "editMessage" => MessageEdit,
                "undeleteMessage" => MessageUndelete,
                _ => Other,
            },
            ActivityTypes.MessageDelete => EventType(activity) == "softDeleteMessage" ? MessageSoftDelete : Other,
            ActivityTypes.ConversationUpdate when activity.MembersAdded is { Count: > 0 } => MembersAdded,
            ActivityTypes.ConversationUpdate when activity.MembersRemoved is { Count: > 0 } => MembersRemoved,
            ActivityTypes.InstallationUpdate => activity.Action switch
            {
                "add" or "add-upgrade" => InstallationAdd,
                "remove" or "remove-upgrade" => InstallationRemove,
                _ => Other,
            },
            ActivityTypes.MessageReaction when activity.ReactionsAdded is { Count: > 0 } => ReactionsAdded,
            ActivityTypes.MessageReaction when activity.ReactionsRemoved is { Count: > 0 } => ReactionsRemoved,
            ActivityTypes.Invoke => Invoke(activity),
            _ => Other,
        };
    }

    /// Whether the bot itself is among the members just removed: it was uninstalled from the chat or team.
    public static bool RemovesBot(this Activity activity)
        => activity?.MembersRemoved?.Any(m => m.Id == activity.Recipient?.Id) == true;

    private static string Invoke(Activity activity) => activity.Name switch
    {
        FileConsentInvoke => ValueString(activity, "action") switch
        {
            "accept" => FileConsentAccept,
            "decline" => FileConsentDecline,
            _ => Other,
        },
        InvokeNames.AdaptiveCardAction => AdaptiveCardAction,
        _ => Other,
    };

    private static string? EventType(Activity activity)
        => activity.ChannelData is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("eventType", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;

    private static string? ValueString(Activity activity, string name)
        => activity.Value is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
