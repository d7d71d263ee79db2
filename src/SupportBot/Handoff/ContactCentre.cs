using SupportBot.BotFramework.Authentication;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Handoff;

/// Who speaks for the external contact-centre (Handoff:Mode "external"). In the Bot Framework handoff protocol the
/// centre's handoff.status comes through the channel, never from the customer; a status the customer could write
/// would let them take their conversation away from the queue ("accepted" by nobody) or log resolutions that never
/// happened. So a status is believed only when the activity's callerId, which only the host sets (the wire's is
/// discarded), says it came from:
/// - a channel that proved itself with its token on /api/messages and that Handoff:ContactCentreChannels names, or
/// - the holder of the Direct Line secret posting with from.role "contactCentre" (DirectLineChannel).
internal static class ContactCentre
{
    /// The from.role a contact-centre connector posts with on SupportBot's own Direct Line (with the secret).
    public const string Role = "contactCentre";

    /// The callerId Direct Line gives the secret holder's contact-centre activities.
    public const string DirectLineCallerId = "urn:supportbot:directline:contactcentre";

    public static bool Sent(Activity activity, HandoffOptions options) => activity.CallerId switch
    {
        DirectLineCallerId => activity.ChannelId == ChannelIds.Directline,
        CallerIds.PublicAzureChannel => options.ContactCentreChannels.Contains(activity.ChannelId ?? string.Empty, StringComparer.OrdinalIgnoreCase),
        _ => false,
    };
}
