using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework.Teams;
using SupportBot.Channels.BotFramework;

namespace SupportBot.Channels.Teams;

/// Uploads the files customers accepted, off the fileConsent/invoke (Teams gives an invoke about 15 seconds; a large
/// file or a slow OneDrive takes longer). The accepted offer row is the job (teams_file_offers in state uploading):
/// it survives a restart, any instance may run it under a lease, and a failure is retried with a doubling delay up
/// to TeamsFiles:UploadAttempts. The bytes are PUT, whole, to the upload session Teams opened in the customer's
/// OneDrive (a pre-authenticated URL on a TeamsFiles:DownloadHosts host, no bot token). Then the result goes to the
/// conversation through the connector sender (so the outbox keeps it if Teams cannot take it now): the file info
/// card, or a line saying the file could not be saved; and the consent card is updated to say which.
internal sealed partial class TeamsFileUploads(
    TeamsFileOffers offers,
    TeamsFileAnswers answers,
    BotFrameworkSender sender,
    IHttpClientFactory http,
    IOptions<TeamsFilesOptions> options,
    TimeProvider time,
    ILogger<TeamsFileUploads> logger) : BackgroundService
{
    private const int BatchSize = 20;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly SemaphoreSlim _poked = new(0, 1);

    private TeamsFilesOptions Settings => options.Value;

    // An upload still running past this is taken to have died with its instance: about two tries' time.
    private TimeSpan Lease => (Settings.Timeout * 2) + TimeSpan.FromSeconds(30);

    /// Starts a pass now (an accept on this instance) rather than at the next poll.
    public void Poke()
    {
        try
        {
            _poked.Release();
        }
        catch (SemaphoreFullException)
        {
            // A pass is asked for already.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(logger, ex);
            }
            await WaitForPokeAsync(stoppingToken);
        }
    }

    // Until poked or the poll interval passes (on the host's clock, so tests can move it).
    private async Task WaitForPokeAsync(CancellationToken stoppingToken)
    {
        using var poll = new CancellationTokenSource(Settings.UploadPollInterval, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(poll.Token, stoppingToken);
        try
        {
            await _poked.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The poll interval passed.
        }
    }

    /// One pass over the uploads due; returns how many ended (delivered or failed for good). Passes never overlap.
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            var ended = 0;
            foreach (var id in await offers.DueUploadsAsync(BatchSize, cancellationToken))
            {
                if (await offers.LeaseAsync(id, Lease, cancellationToken) is { } upload && await RunAsync(upload, cancellationToken))
                {
                    ended++;
                }
            }
            return ended;
        }
        finally
        {
            _pass.Release();
        }
    }

    public override void Dispose()
    {
        _pass.Dispose();
        _poked.Dispose();
        base.Dispose();
    }

    // True when the upload ended, delivered or failed for good; false when it waits for another try.
    private async Task<bool> RunAsync(TeamsFileUpload upload, CancellationToken cancellationToken)
    {
        var offer = upload.Offer;
        var messages = FileConsentMessages.For(offer.Reference.Locale);
        var (failure, permanent) = await PutAsync(upload, cancellationToken);
        if (failure is null)
        {
            if (await answers.EndAsync(offer, TeamsFileOfferStates.Delivered, cancellationToken))
            {
                await sender.SendAsync(TeamsFileAnswers.Message(offer.Reference) with { Attachments = [FileConsent.InfoCard(upload.Upload)] }, cancellationToken);
                await answers.UpdateCardAsync(offer, upload.CardActivityId, messages.FileSent(offer.Name), cancellationToken);
            }
            LogUploaded(logger, offer.Id, upload.Attempt);
            return true;
        }
        if (!permanent && upload.Attempt < Settings.UploadAttempts)
        {
            var wait = TimeSpan.FromTicks(Settings.UploadRetryDelay.Ticks * (1L << Math.Min(upload.Attempt - 1, 16)));
            LogRetrying(logger, offer.Id, upload.Attempt, failure, wait);
            await offers.RetryLaterAsync(offer.Id, time.GetUtcNow() + wait, failure, cancellationToken);
            return false;
        }
        LogFailed(logger, offer.Id, upload.Attempt, failure);
        if (await answers.EndAsync(offer, TeamsFileOfferStates.Failed, cancellationToken))
        {
            await sender.SendAsync(TeamsFileAnswers.Message(offer.Reference) with { Text = messages.FileFailed(offer.Name) }, cancellationToken);
            await answers.UpdateCardAsync(offer, upload.CardActivityId, messages.FileFailed(offer.Name), cancellationToken);
        }
        return true;
    }

    // Null when stored; else why not, and whether another try cannot help (the session refused the file itself).
    private async Task<(string? Failure, bool Permanent)> PutAsync(TeamsFileUpload upload, CancellationToken cancellationToken)
    {
        // Checked again: the hosts allowed may have changed since the accept.
        if (!Uri.TryCreate(upload.Upload.UploadUrl, UriKind.Absolute, out var url) || !Settings.IsTrustedFileHost(url))
        {
            return ("the upload URL is not on a trusted file host", true);
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Settings.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(upload.Content) };
            request.Content.Headers.ContentLength = upload.Content.Length;
            request.Content.Headers.ContentRange = new ContentRangeHeaderValue(0, upload.Content.Length - 1, upload.Content.Length);
            using var response = await http.CreateClient(TeamsFiles.HttpClientName).SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return (null, false);
            }
            var status = (int)response.StatusCode;
            // 4xx but a timeout or throttling: the session (expired, too small, gone) will not take the file later.
            var permanent = status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
            return ($"{status} from {url.IdnHost}", permanent);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (ex is OperationCanceledException ? "timed out" : ex.GetType().Name, false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Uploaded file offer {OfferId} on attempt {Attempt}")]
    private static partial void LogUploaded(ILogger logger, string offerId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Uploading file offer {OfferId} failed on attempt {Attempt} ({Reason}); trying again in {Wait}")]
    private static partial void LogRetrying(ILogger logger, string offerId, int attempt, string reason, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up uploading file offer {OfferId} after {Attempts} attempts: {Reason}; the customer is told")]
    private static partial void LogFailed(ILogger logger, string offerId, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A pass over the file uploads failed; the next pass retries")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
