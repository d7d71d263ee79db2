using System.Net;
using SupportBot.BotFramework.Schema;

namespace SupportBot.BotFramework.Connector;

/// A connector call the channel refused (a non-success status) or that was not allowed to leave the bot.
public sealed class ConnectorException : Exception
{
    public ConnectorException()
    {
    }

    public ConnectorException(string message)
        : base(message)
    {
    }

    public ConnectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConnectorException(HttpStatusCode status, ErrorResponse? error, TimeSpan? retryAfter)
        : base($"The channel answered {(int)status} {error?.Error?.Code}: {error?.Error?.Message}".TrimEnd(' ', ':'))
    {
        Status = status;
        Error = error;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode? Status { get; }

    public ErrorResponse? Error { get; }

    public TimeSpan? RetryAfter { get; }

    /// Retrying cannot help: the channel rejected the request itself (bad activity, bot not in the
    /// conversation, unknown conversation) or the call was refused before leaving the bot.
    public bool IsPermanent => Status is null
        || (Status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
            or HttpStatusCode.MethodNotAllowed or HttpStatusCode.RequestEntityTooLarge);
}
