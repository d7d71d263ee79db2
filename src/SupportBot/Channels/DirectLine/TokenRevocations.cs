using Microsoft.Extensions.Options;
using SupportBot.Credentials;
using SupportBot.Limits;

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

    public async Task<bool> IsRevokedAsync(TokenClaims token, CancellationToken cancellationToken)
    {
        var marks = Marks(token);
        var revokedAt = await list.RevokedAtAsync([.. marks.Select(mark => mark.Subject)], cancellationToken);
        return marks.Where((mark, i) => revokedAt[i] >= mark.AtLeast).Any();
    }

    /// The marks that would refuse the token, as keys in Redis, for the script that counts a post only when none does
    /// (DirectLineRequests.AuthorizePostAsync): one round trip for the check and the count.
    public RateMark[] RedisMarks(TokenClaims token) => [.. Marks(token).Select(mark => new RateMark(list.RedisKey(mark.Subject), mark.AtLeast))];

    // Each subject whose mark refuses the token, with the least revocation time that does (0 is no mark). A
    // conversation's mark refuses tokens issued in or before its second: a token issued in the same second as an
    // erasure may be older than it. The token's own mark refuses it whenever it was set.
    private static (string Subject, long AtLeast)[] Marks(TokenClaims token)
    {
        var conversation = ($"conversation:{token.ConversationId}", Math.Max(1, token.IssuedAt));
        return token.Id is null ? [conversation] : [conversation, ($"token:{token.Id}", 1)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked a Direct Line token of conversation {ConversationId}")]
    private static partial void LogRevoked(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked every Direct Line token of conversation {ConversationId}")]
    private static partial void LogConversationRevoked(ILogger logger, string conversationId);
}
