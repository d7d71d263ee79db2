using System.Text.Json;
using SupportBot.BotFramework.Schema;

namespace SupportBot.BotFramework.Teams;

/// Reads the Teams specifics of an inbound activity.
public static class TeamsActivity
{
    public const string Personal = "personal";
    public const string GroupChat = "groupChat";
    public const string Channel = "channel";

    public static bool IsTeams(this Activity activity)
        => string.Equals(activity?.ChannelId, ChannelIds.Msteams, StringComparison.Ordinal);

    /// Personal (1:1) chats are the only place Teams streams bot messages.
    public static bool IsPersonalChat(this Activity activity)
        => activity.IsTeams() && (activity.Conversation?.ConversationType is null or Personal) && activity.Conversation?.IsGroup != true;

    /// The tenant from conversation.tenantId, else channelData.tenant.id.
    public static string? GetTenantId(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Conversation?.TenantId is { Length: > 0 } tenant)
        {
            return tenant;
        }
        return activity.ChannelData is { ValueKind: JsonValueKind.Object } data
               && data.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.Object
               && t.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
    }

    /// Whether the bot itself is among the members just added (its install into a chat or team).
    public static bool AddsBot(this Activity activity)
        => activity?.MembersAdded?.Any(m => m.Id == activity.Recipient?.Id) == true;
}
