using SupportBot.BotFramework.Schema;

namespace SupportBot.Conversations;

/// Sends the bot's activities back through the channel a turn came from: Direct Line now, the Bot Framework
/// connector for Teams and Azure Bot Service channels.
internal interface IActivitySender
{
    /// Returns the id the channel gave the activity.
    Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken);
}
