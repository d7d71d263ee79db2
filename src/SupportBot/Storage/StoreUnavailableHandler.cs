using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace SupportBot.Storage;

/// A request that met an unreachable store gets 503 with Retry-After and a problem body, at once, instead of a 500:
/// its caller (a channel, Web Chat, the console) retries, and nothing it sent was acknowledged without being stored.
/// Not logged per request: StoreProbe logs the outage once.
internal sealed class StoreUnavailableHandler(Database database, IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!database.Availability.Report(exception))
        {
            return false;
        }
        await StoreUnavailableResponse.WriteAsync(httpContext, problems);
        return true;
    }
}
