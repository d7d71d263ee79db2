using Microsoft.Extensions.Options;

namespace SupportBot.Channels.DirectLine;

/// Who is calling a Direct Line endpoint: the holder of the secret (any conversation) or of a token (one).
internal sealed record DirectLineCaller(bool IsSecret, TokenClaims? Claims)
{
    public bool MayUse(string conversationId) => IsSecret || Claims?.ConversationId == conversationId;
}

internal sealed partial class DirectLineAuthenticator(
    DirectLineTokens tokens, TokenRevocations revocations, IOptions<DirectLineOptions> options, ILogger<DirectLineAuthenticator> logger)
{
    /// checkRevocation false: the caller checks the token's revocation itself, with other work in the same round trip
    /// (DirectLineRequests.AuthorizePostAsync).
    public async Task<(DirectLineCaller? Caller, IResult? Failure)> AuthenticateAsync(HttpRequest request, bool checkRevocation = true)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || header.Length <= "Bearer ".Length)
        {
            LogRefused(logger, "no Bearer credential");
            return (null, DirectLineErrors.MissingAuthorization());
        }
        return await AuthenticateCredentialAsync(request, header["Bearer ".Length..].Trim(), checkRevocation);
    }

    /// The credential of a request: the Authorization header's, or the stream URL's "t" (browsers cannot set headers
    /// on a WebSocket). A token made for trusted origins works only from a page on one of them.
    public async Task<(DirectLineCaller? Caller, IResult? Failure)> AuthenticateCredentialAsync(HttpRequest request, string credential, bool checkRevocation = true)
    {
        var secret = options.Value.Secret;
        if (secret.Length > 0 && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(credential), System.Text.Encoding.UTF8.GetBytes(secret)))
        {
            return (new DirectLineCaller(true, null), null);
        }
        var validation = tokens.Validate(credential);
        if (validation.Status != TokenStatus.Valid)
        {
            // The credential itself is never logged.
            LogRefused(logger, validation.Status == TokenStatus.Expired ? "expired token" : "invalid token or secret");
        }
        if (validation.Status == TokenStatus.Valid && Origins.Of(request) is var origin && !validation.Claims!.AllowsOrigin(origin))
        {
            LogRefused(logger, $"token used from {origin ?? "no origin"}, not one of its trusted origins");
            return (null, DirectLineErrors.UntrustedOrigin());
        }
        if (validation.Status == TokenStatus.Valid && checkRevocation && await revocations.IsRevokedAsync(validation.Claims!, request.HttpContext.RequestAborted))
        {
            LogRefused(logger, $"revoked token of conversation {validation.Claims!.ConversationId}");
            return (null, DirectLineErrors.RevokedToken());
        }
        return validation.Status switch
        {
            TokenStatus.Valid => (new DirectLineCaller(false, validation.Claims), null),
            TokenStatus.Expired => (null, DirectLineErrors.ExpiredToken()),
            _ => (null, DirectLineErrors.InvalidToken()),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Direct Line request: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
