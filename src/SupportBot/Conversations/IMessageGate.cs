using SupportBot.Touchpoints;

namespace SupportBot.Conversations;

/// A step that may take a customer's message before the bot answers it (Teams sign-in: "sign in", or an account
/// request from a customer who must sign in first). A channel implements it, so the turn depends on no channel.
internal interface IMessageGate
{
    /// True when the gate answered the message itself; it then logs the message (said, when not null) with its reply.
    Task<bool> TryHandleAsync(InboundTurn turn, string text, string customerId, Touchpoint? said, CancellationToken cancellationToken);
}
