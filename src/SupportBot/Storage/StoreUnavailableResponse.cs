using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace SupportBot.Storage;

/// The one answer to a request that needs the store while it does not answer: 503, Retry-After, a problem body.
internal static class StoreUnavailableResponse
{
    public static ProblemDetails Problem() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Service unavailable",
        Detail = "The store does not answer. Nothing was saved; retry after the time in Retry-After.",
    };

    public static void AddRetryAfter(HttpResponse response)
        => response.Headers.RetryAfter = ((int)StoreAvailability.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    public static async Task WriteAsync(HttpContext context, IProblemDetailsService problems)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        AddRetryAfter(context.Response);
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = Problem() });
    }
}
