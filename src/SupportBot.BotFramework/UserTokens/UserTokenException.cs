using System.Net;

namespace SupportBot.BotFramework.UserTokens;

/// A token service call that failed (a refusal, an unexpected answer) or was not allowed to leave the bot.
public sealed class UserTokenException : Exception
{
    public UserTokenException()
    {
    }

    public UserTokenException(string message)
        : base(message)
    {
    }

    public UserTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UserTokenException(HttpStatusCode status, string message)
        : base(message) => Status = status;

    public HttpStatusCode? Status { get; }
}
