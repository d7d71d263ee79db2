using SupportBot.Customers;

namespace SupportBot.Channels.DirectLine;

/// Erased conversations as Direct Line closes them: their tokens revoked (TokenRevocations), and the transcripts and
/// streams instances hold of them dropped (ForgottenConversations).
internal sealed class DirectLineErasure(TokenRevocations revocations, ForgottenConversations forgotten) : IErasedConversations
{
    public Task RevokeAsync(IReadOnlyCollection<string> conversationIds, CancellationToken cancellationToken)
        => revocations.RevokeConversationsAsync(conversationIds, cancellationToken);

    public Task ForgetAsync(IReadOnlyCollection<string> conversationIds) => forgotten.ForgetAsync(conversationIds);
}
