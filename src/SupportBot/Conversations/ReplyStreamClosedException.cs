namespace SupportBot.Conversations;

/// The channel will take nothing more into a reply stream: the customer pressed Stop, the stream ran past the
/// channel's time limit, or it was already closed. Not a delivery failure: what was shown stays shown, and nothing
/// sent into that stream is worth queueing for later.
internal sealed class ReplyStreamClosedException : Exception
{
    public ReplyStreamClosedException()
    {
    }

    public ReplyStreamClosedException(string message)
        : base(message)
    {
    }

    public ReplyStreamClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
