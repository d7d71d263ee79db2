using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework;
using SupportBot.BotFramework.Authentication;
using SupportBot.BotFramework.Connector;
using SupportBot.BotFramework.Schema;
using SupportBot.BotFramework.Teams;
using SupportBot.Channels.Teams;
using SupportBot.Conversations;
using SupportBot.Customers;
using SupportBot.Limits;

namespace SupportBot.Channels.BotFramework;

/// POST /api/messages: where Azure Bot Service (Teams and every other channel) delivers activities. Checks the
/// channel's token, then acknowledges at once and answers through the connector; invokes and expectReplies
/// requests are answered in the response, as the protocol requires. Without an app id it is closed unless
/// Development or Bot:AllowUnauthenticatedMessages opens it, and an activity whose serviceUrl the connector would
/// refuse (off loopback while open; untrusted or plain http otherwise) is refused here rather than failing later.
internal sealed partial class BotMessagesEndpoint(
    BotAuthenticator authenticator,
    TurnDispatcher dispatcher,
    TurnHandler handler,
    TeamsInvokes invokes,
    BotFrameworkSender sender,
    KeyedRateLimits limits,
    IOptions<BotFrameworkOptions> options,
    TimeProvider time,
    ILogger<BotMessagesEndpoint> logger)
{
    public const string Route = "/api/messages";

    public const string ClosedDetail = "Bot:MicrosoftAppId is not set, so no caller can prove it is a Bot Framework channel. "
        + "Set Bot:MicrosoftAppId and Bot:MicrosoftAppPassword to the Azure Bot registration's, or set "
        + "Bot:AllowUnauthenticatedMessages=true to accept unauthenticated activities for the Emulator or tests on this machine.";

    private BotFrameworkOptions Settings => options.Value;

    /// Refuses every request while the endpoint is closed (no app id, not opened): its group's filter, ahead of anything
    /// that reads the body of a caller nobody can verify.
    public static async ValueTask<object?> RefuseWhileClosedAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var services = invocation.HttpContext.RequestServices;
        var settings = services.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;
        if (settings.IsAuthenticationEnabled || settings.AllowUnauthenticatedMessages)
        {
            return await next(invocation);
        }
        LogClosed(services.GetRequiredService<ILogger<BotMessagesEndpoint>>());
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: ClosedDetail);
    }

    // What stays here needs the activity: its body (read under Bot:MaxActivityBytes, which is why the size is checked
    // as it is read rather than by a filter), the token checked against its channel and serviceUrl, and the limit
    // counted per conversation once the token is good.
    public async Task<Results<Ok, JsonHttpResult<ExpectedReplies>, ContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var body = await BoundedBody.ReadAsync(context.Request, Settings.MaxActivityBytes, cancellationToken);
        if (body is null)
        {
            LogRejected(logger, "body too large", null);
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Activity too large",
                detail: $"Activities are limited to {Settings.MaxActivityBytes} bytes.");
        }
        Activity activity;
        try
        {
            activity = BotJson.Deserialize<Activity>(body);
        }
        catch (JsonException ex)
        {
            LogRejected(logger, $"malformed activity: {ex.Message}", null);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed activity", detail: "The body is not a valid Bot Framework activity.");
        }

        // The token is checked before the activity's content is trusted, but needs its channel and serviceUrl.
        var auth = await authenticator.AuthenticateAsync(context.Request.Headers.Authorization.ToString(), activity.ChannelId, activity.ServiceUrl, cancellationToken);
        if (!auth.Succeeded && auth.RefusalDetail is { } refused)
        {
            LogUnauthorized(logger, auth.FailureReason, activity.ChannelId);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "serviceUrl not allowed", detail: refused);
        }
        if (!auth.Succeeded)
        {
            LogUnauthorized(logger, auth.FailureReason, activity.ChannelId);
            // No detail: the reason would help a forger more than a legitimate caller.
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }
        if (InboundActivityRules.Check(activity, Settings.MaxTextLength) is { } problem)
        {
            LogRejected(logger, problem, activity.Conversation?.Id);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid activity", detail: problem);
        }
        if (activity.GetTenantId() is { } tenant && Settings.AllowedTenants.Count > 0 && !Settings.AllowedTenants.Contains(tenant, StringComparer.OrdinalIgnoreCase))
        {
            LogTenantRefused(logger, tenant, activity.Conversation?.Id);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Tenant not allowed");
        }
        // InboundActivityRules made sure an activity answered through the connector has an absolute serviceUrl.
        if (activity.DeliveryMode != DeliveryModes.ExpectReplies && ServiceUrlTrust.Refusal(new Uri(activity.ServiceUrl!), Settings) is { } refusal)
        {
            LogServiceUrlRefused(logger, refusal, activity.Conversation?.Id);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "serviceUrl not allowed", detail: refusal);
        }

        if (await limits.TryAcquireAsync(limits.ConversationActivities, $"{activity.ChannelId}|{activity.Conversation!.Id}") is { Allowed: false } limited)
        {
            return LimitProblems.TooManyRequests(context, limited.RetryAfter, "activities per conversation");
        }

        activity = activity with { CallerId = auth.CallerId, Timestamp = activity.Timestamp ?? time.GetUtcNow() };
        if (!auth.Verified)
        {
            activity = SelfClaimedIdentity.Strip(activity);
        }
        if (activity.Type == ActivityTypes.Invoke)
        {
            var response = await invokes.HandleAsync(activity, sender, cancellationToken);
            return response.Body is null
                ? TypedResults.StatusCode(response.Status)
                : TypedResults.Content(response.BodyJson, "application/json", statusCode: response.Status);
        }
        if (activity.DeliveryMode == DeliveryModes.ExpectReplies)
        {
            var collector = new ExpectRepliesCollector();
            await handler.HandleAsync(new InboundTurn(activity, collector, time.GetUtcNow()), cancellationToken);
            return TypedResults.Json(new ExpectedReplies { Activities = collector.Replies }, BotJson.Options);
        }
        await dispatcher.DispatchAsync(activity, sender, cancellationToken);
        return TypedResults.Ok();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an activity on /api/messages: {Reason} (conversation {ConversationId})")]
    private static partial void LogRejected(ILogger logger, string reason, string? conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an unauthenticated request on /api/messages from channel {ChannelId}: {Reason}")]
    private static partial void LogUnauthorized(ILogger logger, string? reason, string? channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an activity on /api/messages: Bot:MicrosoftAppId is not set and Bot:AllowUnauthenticatedMessages is off")]
    private static partial void LogClosed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an activity on /api/messages whose serviceUrl the bot may not call: {Reason} (conversation {ConversationId})")]
    private static partial void LogServiceUrlRefused(ILogger logger, string reason, string? conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an activity from tenant {TenantId}, which Bot:AllowedTenants does not list (conversation {ConversationId})")]
    private static partial void LogTenantRefused(ILogger logger, string tenantId, string? conversationId);
}
