namespace SupportBot.Channels.DirectLine;

/// A refused token request, rendered in the shape of the endpoint that refuses it: the service's ErrorResponse on
/// /v3/directline, a problem on the host's own page token endpoint.
internal sealed record DirectLineRefusal(int Status, string Code, string Message)
{
    public IResult AsErrorResponse() => DirectLineErrors.Create(Status, Code, Message);

    public IResult AsProblem() => Results.Problem(detail: Message, statusCode: Status, title: Code);
}
