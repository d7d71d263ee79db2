using Microsoft.Extensions.Options;
using SupportBot.Credentials;

namespace SupportBot.Channels.DirectLine;

/// Direct Line tokens refused before they expire: one token its holder gave up (RFC 7009 style, on sign-out), or
/// every token of a conversation (an erased customer's, or one a supervisor ended), as a "not before" time rather
/// than a list of tokens. The list is the RevocationList (Redis, or the store), so every instance refuses a revoked
/// token from the next request on; the instance holding its WebSocket closes it.
internal sealed partial class TokenRevocations(
    RevocationList list,
    DirectLineFanOut fanOut,
    DirectLineStore conversations,
    IOptions<DirectLineOptions> options,
    ILogger<TokenRevocations> logger)
{
    /// The holder gives up this token. One issued before tokens had ids is revoked with its whole conversation.
    public async Task RevokeAsync(TokenClaims token, CancellationToken cancellationToken)
    {
        if (token.Id is null)
        {
            await RevokeConversationsAsync([token.ConversationId], cancellationToken);
            return;
        }
        await list.AddAsync([($"token:{token.Id}", list.Now, token.ExpiresAt)], cancellationToken);
        LogRevoked(logger, token.ConversationId);
        conversations.CloseRevoked(token.ConversationId, token.Id);
        fanOut.Revoked(token.ConversationId, token.Id);
    }

    /// Every token of these conversations issued until now is refused from now on.
    public async Task RevokeConversationsAsync(IReadOnlyCollection<string> conversationIds, CancellationToken cancellationToken)
    {
        if (conversationIds.Count == 0)
        {
            return;
        }
        var now = list.Now;
        // No token issued before now outlives one lifetime from now (refreshes issue new tokens, after the mark).
        var until = now + options.Value.TokenLifetimeSeconds;
        await list.AddAsync([.. conversationIds.Select(id => ($"conversation:{id}", now, until))], cancellationToken);
        foreach (var id in conversationIds)
        {
            LogConversationRevoked(logger, id);
            conversations.CloseRevoked(id, tokenId: null);
            fanOut.Revoked(id, tokenId: null);
        }
    }

    /// A conversation's mark refuses tokens issued in or before its second: a token issued in the same second as an
    /// erasure may be older than it.
    public async Task<bool> IsRevokedAsync(TokenClaims token, CancellationToken cancellationToken)
    {
        string[] subjects = token.Id is null ? [$"conversation:{token.ConversationId}"] : [$"conversation:{token.ConversationId}", $"token:{token.Id}"];
        var revokedAt = await list.RevokedAtAsync(subjects, cancellationToken);
        return (revokedAt[0] > 0 && token.IssuedAt <= revokedAt[0]) || (revokedAt.Length > 1 && revokedAt[1] > 0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked a Direct Line token of conversation {ConversationId}")]
    private static partial void LogRevoked(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked every Direct Line token of conversation {ConversationId}")]
    private static partial void LogConversationRevoked(ILogger logger, string conversationId);
}
