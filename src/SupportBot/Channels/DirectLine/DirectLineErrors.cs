using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Channels.DirectLine;

/// Error answers in the service's shape: a status code and an ErrorResponse body.
internal static class DirectLineErrors
{
    public static JsonHttpResult<ErrorResponse> Create(int status, string code, string message)
        => TypedResults.Json(ErrorResponse.Create(code, message), BotJson.Options, statusCode: status);

    public static JsonHttpResult<ErrorResponse> MissingAuthorization() => Create(StatusCodes.Status401Unauthorized, "Unauthorized", "Authorization header with a Bearer token or secret is required.");

    public static JsonHttpResult<ErrorResponse> InvalidToken() => Create(StatusCodes.Status403Forbidden, "Forbidden", "The token or secret is not valid.");

    public static JsonHttpResult<ErrorResponse> ExpiredToken() => Create(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired.");

    /// A problem body that also carries the service's error object, so Direct Line clients read it as they read
    /// the others (a 403 ends the connection: DirectLineJS reports an expired token).
    public static ProblemHttpResult RevokedToken() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Token revoked",
        detail: "The token has been revoked; start a new conversation.",
        extensions: new Dictionary<string, object?> { ["error"] = new { code = "TokenRevoked", message = "The token has been revoked." } });

    public static JsonHttpResult<ErrorResponse> UntrustedOrigin() => Create(StatusCodes.Status403Forbidden, "Forbidden", "The token is not valid from this origin.");

    public static JsonHttpResult<ErrorResponse> WrongConversation() => Create(StatusCodes.Status403Forbidden, "Forbidden", "The token is not valid for this conversation.");

    public static JsonHttpResult<ErrorResponse> ConversationNotFound() => Create(StatusCodes.Status404NotFound, "BadArgument", "Conversation not found.");

    public static JsonHttpResult<ErrorResponse> NotFound(string message) => Create(StatusCodes.Status404NotFound, "NotFound", message);

    public static JsonHttpResult<ErrorResponse> BadArgument(string message) => Create(StatusCodes.Status400BadRequest, "BadArgument", message);

    public static JsonHttpResult<ErrorResponse> TooBig(string message) => Create(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", message);
}
