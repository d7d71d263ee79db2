namespace SupportBot.Customers;

/// What the channels do with the conversations of a customer being erased (CustomerData/PrivacyStore) or of touchpoints past
/// retention (TouchpointRetention); implemented by Channels/DirectLine/DirectLineErasure, so that customers and
/// touchpoints do not depend on the channels.
internal interface IErasedConversations
{
    /// Their tokens refused from now on, on every instance: nothing more is accepted into them.
    Task RevokeAsync(IReadOnlyCollection<string> conversationIds, CancellationToken cancellationToken);

    /// Once their rows are gone: what any instance still holds of them dropped.
    Task ForgetAsync(IReadOnlyCollection<string> conversationIds);
}
