using SupportBot.BotFramework;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Channels.DirectLine;

/// Error answers in the service's shape: a status code and an ErrorResponse body.
internal static class DirectLineErrors
{
    public static IResult Create(int status, string code, string message)
        => Results.Json(ErrorResponse.Create(code, message), BotJson.Options, statusCode: status);

    public static IResult MissingAuthorization() => Create(StatusCodes.Status401Unauthorized, "Unauthorized", "Authorization header with a Bearer token or secret is required.");

    public static IResult InvalidToken() => Create(StatusCodes.Status403Forbidden, "Forbidden", "The token or secret is not valid.");

    public static IResult ExpiredToken() => Create(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired.");

    /// A problem body that also carries the service's error object, so Direct Line clients read it as they read
    /// the others (a 403 ends the connection: DirectLineJS reports an expired token).
    public static IResult RevokedToken() => Results.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Token revoked",
        detail: "The token has been revoked; start a new conversation.",
        extensions: new Dictionary<string, object?> { ["error"] = new { code = "TokenRevoked", message = "The token has been revoked." } });

    public static IResult UntrustedOrigin() => Create(StatusCodes.Status403Forbidden, "Forbidden", "The token is not valid from this origin.");

    public static IResult WrongConversation() => Create(StatusCodes.Status403Forbidden, "Forbidden", "The token is not valid for this conversation.");

    public static IResult ConversationNotFound() => Create(StatusCodes.Status404NotFound, "BadArgument", "Conversation not found.");

    public static IResult NotFound(string message) => Create(StatusCodes.Status404NotFound, "NotFound", message);

    public static IResult BadArgument(string message) => Create(StatusCodes.Status400BadRequest, "BadArgument", message);

    public static IResult TooBig(string message) => Create(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", message);
}
