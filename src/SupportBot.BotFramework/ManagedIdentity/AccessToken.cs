namespace SupportBot.BotFramework.ManagedIdentity;

/// A bearer token and when it stops being accepted.
public sealed record AccessToken(string Value, DateTimeOffset ExpiresOn);

/// A token could not be had; the message names the source, the endpoint's answer and what to check.
public sealed class ManagedIdentityException : Exception
{
    public ManagedIdentityException()
    {
    }

    public ManagedIdentityException(string message)
        : base(message)
    {
    }

    public ManagedIdentityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
