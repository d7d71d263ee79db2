using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.Limits;

namespace SupportBot.Channels.DirectLine;

/// What every Direct Line endpoint does with a request before its own work: who the caller is and whether it may use
/// the conversation (run by the groups' filters, DirectLineFilters, and by the stream), the JSON body under its size
/// limit, and the limits. Limits are counted once the caller is known,
/// so that nobody who merely knows a conversation's id can spend its allowance: a conversation's posts count only for
/// a caller its token (or the secret) admits, and a request refused for its credential counts against the caller's
/// address instead.
internal sealed partial class DirectLineRequests(
    DirectLineStore store,
    DirectLineAuthenticator authenticator,
    KeyedRateLimits limits,
    IOptions<DirectLineOptions> options,
    ILogger<DirectLineRequests> logger)
{
    private DirectLineOptions Settings => options.Value;

    // Past the address's allowance the refusal itself becomes a 429: guessing tokens or ids gets slower, not free.
    public async Task<IResult> RefusedAsync(HttpContext context, IResult refusal)
    {
        var decision = await limits.TryAcquireAsync(limits.UnauthorizedRequests, RatePartitions.ClientAddress(context));
        return decision.Allowed ? refusal : LimitProblems.TooManyRequests(context, decision.RetryAfter, limits.UnauthorizedRequests.Name);
    }

    /// A conversation's allowance of posted activities (and uploads).
    public async Task<ProblemHttpResult?> TakeActivityPermitAsync(HttpContext context, string conversationId)
    {
        var decision = await limits.TryAcquireAsync(limits.DirectLineActivities, conversationId);
        return decision.Allowed ? null : LimitProblems.TooManyRequests(context, decision.RetryAfter, limits.DirectLineActivities.Name);
    }

    /// The caller, admitted to the conversation, and the conversation; or the refusal to answer with.
    public async Task<(DirectLineCaller? Caller, DirectLineConversationState? State, IResult? Failure)> AuthorizeConversationAsync(
        HttpContext context, string conversationId, string? credential = null)
    {
        var (caller, failure) = string.IsNullOrEmpty(credential)
            ? await authenticator.AuthenticateAsync(context.Request)
            : await authenticator.AuthenticateCredentialAsync(context.Request, credential);
        if (failure is not null)
        {
            return (null, null, await RefusedAsync(context, failure));
        }
        if (!caller!.MayUse(conversationId))
        {
            LogRejected(logger, context.Request.Path, "token of another conversation");
            return (null, null, await RefusedAsync(context, DirectLineErrors.WrongConversation()));
        }
        var state = await store.FindAsync(conversationId, context.RequestAborted);
        if (state is null)
        {
            LogRejected(logger, context.Request.Path, "unknown conversation");
            return (null, null, DirectLineErrors.ConversationNotFound());
        }
        return (caller, state, null);
    }

    /// Reads a JSON body under the size limit. An empty body is allowed only when the endpoint takes an optional one
    /// (start, the token endpoints); every refusal is a 400 or 413 with a log line, rendered by the caller in its
    /// endpoint's error shape. The limit is applied here as the handler reads, not by a filter: the page token
    /// endpoint answers it as a problem and the service's endpoints as an ErrorResponse, and a body the server cuts
    /// off mid-read (chunked, no Content-Length) surfaces only here.
    public async Task<(T? Value, DirectLineRefusal? Error)> ReadJsonAsync<T>(HttpContext context, bool optional) where T : class
    {
        if (context.Request.ContentLength > Settings.MaxActivityBytes)
        {
            return (null, TooBig(context));
        }
        LimitBody(context);
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            if (buffer.Length == 0 && optional)
            {
                return (null, null);
            }
            return (BotJson.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooBig(context));
        }
        catch (JsonException ex)
        {
            LogRejected(logger, context.Request.Path, ex.Message);
            return (null, new(StatusCodes.Status400BadRequest, "BadArgument", $"The body is not a valid {typeof(T).Name}: {ex.Message}"));
        }
    }

    private DirectLineRefusal TooBig(HttpContext context)
    {
        LogRejected(logger, context.Request.Path, "body too large");
        return new(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", $"Request bodies are limited to {Settings.MaxActivityBytes} bytes.");
    }

    // Chunked bodies carry no Content-Length: the server itself stops reading past the limit.
    private void LimitBody(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = Settings.MaxActivityBytes;
        }
    }

    public static string BearerOf(HttpRequest request) => request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected Direct Line request {Path}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string path, string reason);
}
