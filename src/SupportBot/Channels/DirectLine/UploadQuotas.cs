using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.Limits;

namespace SupportBot.Channels.DirectLine;

/// How much of the store uploads may take. A conversation may keep so many files and bytes, counted in the store (so
/// across instances and restarts, and freed again when retention removes files): past that an upload is a 413. A
/// customer may upload so many files and bytes a day (UTC) across their conversations, counted where every limit
/// counts (RateCounts: Redis when configured): past that a 429 until the next day. Two uploads racing in one
/// conversation may both pass its check; the conversation's activity rate limit bounds how far that goes.
internal sealed class UploadQuotas(DirectLineAttachments attachments, RateCounts counts, IOptions<DirectLineOptions> options)
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// Null when the upload fits; otherwise the refusal, a problem body with a log line.
    public async Task<ProblemHttpResult?> CheckAsync(HttpContext context, string conversationId, string customerId, int files, long bytes)
    {
        var settings = options.Value;
        var (keptFiles, keptBytes) = await attachments.UsageAsync(conversationId, context.RequestAborted);
        if (keptFiles + files > settings.MaxUploadsPerConversation)
        {
            return LimitProblems.QuotaReached(context, "uploads-per-conversation",
                $"A conversation keeps at most {settings.MaxUploadsPerConversation} files; this one holds {keptFiles} and the upload brings {files}.");
        }
        if (keptBytes + bytes > settings.MaxUploadBytesPerConversation)
        {
            return LimitProblems.QuotaReached(context, "upload-bytes-per-conversation",
                $"A conversation keeps at most {settings.MaxUploadBytesPerConversation} bytes of uploads; this one holds {keptBytes} and the upload brings {bytes}.");
        }
        // A refused take takes nothing, so an upload refused here has counted at most its files, never its bytes.
        var customerFiles = new RateLimit("uploads-per-customer", settings.MaxUploadsPerCustomerPerDay, Day);
        var filesTaken = await counts.TakeAsync(customerFiles, customerId, files);
        if (!filesTaken.Allowed)
        {
            return LimitProblems.TooManyRequests(context, filesTaken.RetryAfter, customerFiles.Name,
                $"A customer may upload {settings.MaxUploadsPerCustomerPerDay} files a day.");
        }
        var customerBytes = new RateLimit("upload-bytes-per-customer", settings.MaxUploadBytesPerCustomerPerDay, Day);
        var bytesTaken = await counts.TakeAsync(customerBytes, customerId, (int)bytes);
        return bytesTaken.Allowed ? null : LimitProblems.TooManyRequests(context, bytesTaken.RetryAfter, customerBytes.Name,
            $"A customer may upload {settings.MaxUploadBytesPerCustomerPerDay} bytes a day.");
    }
}
