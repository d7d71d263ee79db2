using System.Data.Common;

namespace SupportBot.Storage;

/// The store does not answer (PostgreSQL down or out of reach). A DbException, so code that already handles a
/// failed store call handles this one too; requests that meet it are answered 503 with Retry-After.
internal sealed class StoreUnavailableException : DbException
{
    public StoreUnavailableException()
        : base("The store does not answer; the request can be retried shortly.")
    {
    }

    public StoreUnavailableException(Exception cause)
        : base("The store does not answer; the request can be retried shortly.", cause)
    {
    }

    public override bool IsTransient => true;
}
