using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.BotFramework.DirectLine;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Channels.DirectLine;

/// Tokens: the host's page token endpoint (what its own pages and the embed snippet call), and the service's
/// tokens/generate (the site's server, with the secret) and tokens/refresh. Each token is bound to one new
/// conversation and one user: the customer a signed user token names, or an anonymous dl_ visitor.
internal sealed partial class DirectLineTokenIssuer(
    DirectLineTokens tokens,
    DirectLineAuthenticator authenticator,
    DirectLineRequests requests,
    TokenRevocations revocations,
    UserTokenValidator userTokens,
    PublicAddress address,
    IOptions<DirectLineOptions> options,
    ILogger<DirectLineTokenIssuer> logger)
{
    private DirectLineOptions Settings => options.Value;

    /// A new conversation's id: 128 random bits, so that nobody guesses another's.
    public static string NewConversationId() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// POST /api/directline/token from a browser: the secret never reaches it. Pages on other sites may ask only
    /// when DirectLine:TrustedOrigins lists them, and then the token works from those sites (and this host) only.
    public async Task<Results<JsonHttpResult<DirectLineConversation>, ProblemHttpResult>> IssuePageTokenAsync(HttpContext context)
    {
        var request = context.Request;
        var own = address.Origin(request);
        var origin = Origins.Of(request);
        if (origin is not null && origin != own && !Settings.TrustedOrigins.Select(Origins.Normalize).Contains(origin))
        {
            LogRejected(logger, request.Path, $"a page on {origin}, not a trusted origin, asked for a token");
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: $"Pages on {origin} may not start chats with this host: it is not in DirectLine:TrustedOrigins.");
        }
        var (body, error) = await requests.ReadJsonAsync<TokenRequest>(context, optional: true);
        if (error is not null)
        {
            return error.AsProblem();
        }
        var (user, refusal) = await ResolveUserAsync(body, trustedCaller: false);
        if (refusal is not null)
        {
            return refusal.AsProblem();
        }
        IReadOnlyList<string>? bound = Settings.TrustedOrigins.Count > 0
            ? [own, .. Settings.TrustedOrigins.Select(o => Origins.Normalize(o)!)]
            : null;
        return TypedResults.Json(NewConversationToken(user!, bound), BotJson.Options);
    }

    public async Task<Results<JsonHttpResult<DirectLineConversation>, JsonHttpResult<ErrorResponse>>> GenerateAsync(HttpContext context)
    {
        // Any credential passed the group's filter; only the secret's holder (the site's server) may generate.
        if (!DirectLineFilters.Caller(context).IsSecret)
        {
            return DirectLineErrors.InvalidToken();
        }
        var (body, error) = await requests.ReadJsonAsync<TokenRequest>(context, optional: true);
        if (error is not null)
        {
            return error.AsErrorResponse();
        }
        var (origins, badOrigins) = TrustedOriginsOf(body?.TrustedOrigins);
        if (badOrigins is not null)
        {
            return badOrigins.AsErrorResponse();
        }
        var (user, refusal) = await ResolveUserAsync(body, trustedCaller: true);
        return refusal is not null ? refusal.AsErrorResponse() : TypedResults.Json(NewConversationToken(user!, origins), BotJson.Options);
    }

    public Results<JsonHttpResult<DirectLineConversation>, JsonHttpResult<ErrorResponse>> Refresh(HttpContext context)
    {
        if (DirectLineFilters.Caller(context).Claims is not { } claims)
        {
            return DirectLineErrors.BadArgument("Only a token can be refreshed.");
        }
        var (token, expiresIn) = tokens.Issue(claims.ConversationId, claims.UserId, Settings.TokenLifetimeSeconds, claims.UserName, claims.Origins);
        return TypedResults.Json(new DirectLineConversation { ConversationId = claims.ConversationId, Token = token, ExpiresIn = expiresIn }, BotJson.Options);
    }

    /// POST /v3/directline/tokens/revoke: the holder gives up the token in its Authorization header (RFC 7009 style:
    /// one already expired or revoked answers 200 too, there being nothing left to do). So it checks its credential
    /// itself rather than behind the group's filter, which refuses expired and revoked tokens.
    public async Task<Results<Ok, JsonHttpResult<ErrorResponse>>> RevokeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var validation = header.StartsWith("Bearer ", StringComparison.Ordinal) ? tokens.Validate(header["Bearer ".Length..].Trim()) : TokenValidation.Invalid;
        switch (validation.Status)
        {
            case TokenStatus.Valid:
                await revocations.RevokeAsync(validation.Claims!, context.RequestAborted);
                return TypedResults.Ok();
            case TokenStatus.Expired:
                return TypedResults.Ok();
            default:
                // No token: the secret (which is not revoked here), or a credential that is not valid at all. The
                // authenticator logs the refusal; for a credential that is no token its failure is a missing or
                // invalid credential, both ErrorResponses (only a valid token is refused otherwise).
                var (caller, failure) = await authenticator.AuthenticateAsync(context.Request);
                if (caller is { IsSecret: true })
                {
                    return DirectLineErrors.BadArgument("Only a token can be revoked; the secret is changed in DirectLine:Secret.");
                }
                return failure as JsonHttpResult<ErrorResponse> ?? DirectLineErrors.InvalidToken();
        }
    }

    // Who the token speaks for. A signed user token names a verified customer; otherwise a browser may only bring
    // back an anonymous id this host gave it, while the site's own server (the secret's holder) may name anyone.
    private async Task<(ChatUser? User, DirectLineRefusal? Refusal)> ResolveUserAsync(TokenRequest? body, bool trustedCaller)
    {
        var claimed = body?.User?.Id is { Length: > 0 } id ? id : null;
        if (body?.UserToken is { Length: > 0 } userToken)
        {
            var (verified, refusal) = await userTokens.ValidateAsync(userToken);
            if (refusal is not null)
            {
                return (null, refusal);
            }
            // The browser's anonymous id may come along (the visitor signed in); any other id must be the token's.
            if (claimed is not null && !AnonymousIds.IsAnonymous(claimed) && claimed != verified!.Id)
            {
                return (null, BadArgument("user.id differs from the user token's subject."));
            }
            return (verified, null);
        }
        if (trustedCaller)
        {
            return (claimed is null ? new ChatUser(AnonymousIds.New(), null) : new ChatUser(claimed, body!.User!.Name), null);
        }
        if (Settings.UserTokens.Required)
        {
            LogRejected(logger, "/api/directline/token", "no user token where one is required");
            return (null, new(StatusCodes.Status401Unauthorized, "Unauthorized", "This host chats only with signed-in customers: send the site's user token."));
        }
        if (claimed is null)
        {
            return (new ChatUser(AnonymousIds.New(), null), null);
        }
        return AnonymousIds.IsWellFormed(claimed)
            ? (new ChatUser(claimed, null), null)
            : (null, BadArgument("user.id must be an anonymous id this host gave (dl_…); a signed-in customer comes with a user token."));
    }

    /// The origins a token is to be bound to, as the secret's holder asked (start, tokens/generate).
    public (IReadOnlyList<string>? Origins, DirectLineRefusal? Refusal) TrustedOriginsOf(IReadOnlyList<string>? requested)
    {
        if (requested is not { Count: > 0 })
        {
            return (null, null);
        }
        if (requested.Count > Origins.MaxTrustedOrigins)
        {
            return (null, BadArgument($"trustedOrigins holds at most {Origins.MaxTrustedOrigins} origins."));
        }
        return Origins.NormalizeAll(requested) is { } normalized
            ? (normalized, null)
            : (null, BadArgument("trustedOrigins holds origins such as https://shop.example.com (scheme, host and port; no path)."));
    }

    private DirectLineRefusal BadArgument(string message)
    {
        LogRejected(logger, "token request", message);
        return new(StatusCodes.Status400BadRequest, "BadArgument", message);
    }

    private DirectLineConversation NewConversationToken(ChatUser user, IReadOnlyList<string>? origins)
    {
        var conversationId = NewConversationId();
        var (token, expiresIn) = tokens.Issue(conversationId, user.Id, Settings.TokenLifetimeSeconds, user.Name, origins);
        return new DirectLineConversation { ConversationId = conversationId, Token = token, ExpiresIn = expiresIn };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected Direct Line request {Path}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string path, string reason);
}

/// Body of the page token endpoint and of tokens/generate: the service's TokenParameters (user, trustedOrigins)
/// and the host site's signed user token.
internal sealed record TokenRequest
{
    public ChannelAccount? User { get; init; }

    public IReadOnlyList<string>? TrustedOrigins { get; init; }

    public string? UserToken { get; init; }
}

/// Who a Direct Line token speaks for: the user id every posted activity carries as from.id, and a name when known.
internal sealed record ChatUser(string Id, string? Name);
