using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.BotFramework.Schema;

namespace SupportBot.Channels.DirectLine;

/// A refused token request, rendered in the shape of the endpoint that refuses it: the service's ErrorResponse on
/// /v3/directline, a problem on the host's own page token endpoint.
internal sealed record DirectLineRefusal(int Status, string Code, string Message)
{
    public JsonHttpResult<ErrorResponse> AsErrorResponse() => DirectLineErrors.Create(Status, Code, Message);

    public ProblemHttpResult AsProblem() => TypedResults.Problem(detail: Message, statusCode: Status, title: Code);
}
