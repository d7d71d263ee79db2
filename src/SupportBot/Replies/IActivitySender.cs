using SupportBot.BotFramework.Schema;

namespace SupportBot.Replies;

/// Sends the bot's activities back through the channel a turn came from: Direct Line now, the Bot Framework
/// connector for Teams and Azure Bot Service channels.
internal interface IActivitySender
{
    /// Returns the id the channel gave the activity.
    Task<string?> SendAsync(Activity activity, CancellationToken cancellationToken);

    /// The sender for one turn whose start found none of the conversation's replies waiting to be delivered: its
    /// replies need not ask again until one of them has to wait itself.
    IActivitySender ForTurnWithNothingQueued() => this;
}
