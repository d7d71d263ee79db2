using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SupportBot.Limits;

/// The answers a breached limit gets: 429 with Retry-After, or 413, each a problem body and a log line.
internal static partial class LimitProblems
{
    /// The detail says what the limit allows, in words a customer's client can show; by default, its name.
    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string limit, string? detail = null)
    {
        var seconds = RetryAfterSeconds(retryAfter);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        LogTooMany(Logger(context), limit, context.Request.Path, RatePartitions.ClientAddress(context));
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"{detail ?? $"The {limit} limit is reached."} Try again in {seconds} seconds.");
    }

    /// A quota that waiting does not restore (what a conversation may keep): 413, as a smaller request may still fit.
    public static ProblemHttpResult QuotaReached(HttpContext context, string quota, string detail)
    {
        LogQuotaReached(Logger(context), quota, context.Request.Path, RatePartitions.ClientAddress(context));
        return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Quota reached", detail: detail);
    }

    public static ProblemHttpResult TooLarge(HttpContext context, long maxBytes)
    {
        LogTooLarge(Logger(context), context.Request.Path, context.Request.ContentLength, maxBytes);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request body too large",
            detail: $"This endpoint accepts bodies of at most {maxBytes} bytes.");
    }

    private static int RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    private static ILogger Logger(HttpContext context)
        => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LimitProblems));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Path} from {RemoteAddress}: the {Limit} limit is reached")]
    private static partial void LogTooMany(ILogger logger, string limit, string path, string remoteAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Path} from {RemoteAddress}: the {Quota} quota is reached")]
    private static partial void LogQuotaReached(ILogger logger, string quota, string path, string remoteAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Path}: a body of {Length} bytes is over the limit of {MaxBytes}")]
    private static partial void LogTooLarge(ILogger logger, string path, long? length, long maxBytes);
}
