namespace SupportBot.BotFramework.Schema;

// Error stays optional so a foreign, non-conforming error body still parses.
public sealed record ErrorResponse
{
    public ErrorDetail? Error { get; init; }

    public static ErrorResponse Create(string code, string message) => new()
    {
        Error = new ErrorDetail { Code = code, Message = message },
    };
}
