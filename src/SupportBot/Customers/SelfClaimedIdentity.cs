using SupportBot.BotFramework.Schema;

namespace SupportBot.Customers;

/// Who a sender says they are, beyond the id the channel gives them. Teams puts a person's Entra ID object id in
/// from.aadObjectId, and CustomerIdentity prefers it on every channel, so it may be believed only from a channel that
/// authenticated the sender (a Bot Framework channel whose token was checked). A Direct Line visitor, or anyone posting
/// to an /api/messages that runs without authentication, could otherwise name any Teams customer's object id and
/// have their messages, touchpoints and handoffs land on that customer's record.
internal static class SelfClaimedIdentity
{
    /// The activity with the sender's and the members' accounts cut down to id, name and role: no aadObjectId and
    /// none of the extension data (email, userPrincipalName...) a client may add.
    public static Activity Strip(Activity activity) => activity with
    {
        From = Bare(activity.From),
        MembersAdded = activity.MembersAdded?.Select(m => Bare(m)!).ToList(),
        MembersRemoved = activity.MembersRemoved?.Select(m => Bare(m)!).ToList(),
    };

    private static ChannelAccount? Bare(ChannelAccount? account)
        => account is null ? null : new ChannelAccount { Id = account.Id, Name = account.Name, Role = account.Role };
}
