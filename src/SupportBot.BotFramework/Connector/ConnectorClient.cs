using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework.Schema;

namespace SupportBot.BotFramework.Connector;

/// The Bot Framework connector REST API (v3/conversations) a bot uses to talk to a channel at the activity's
/// serviceUrl. The HttpClient behind it carries the resilience pipeline (retries, timeouts, circuit breaker);
/// this class calls only the serviceUrls ServiceUrlTrust allows, and adds the bot's token (for the channel, or for the
/// skill caller whose endpoint the serviceUrl is) and one fresh-token retry on 401.
public sealed partial class ConnectorClient(HttpClient http, OutboundTokens tokens, IOptions<BotFrameworkOptions> options, ILogger<ConnectorClient> logger)
{
    public const string ConversationIdHeader = "x-ms-conversation-id";

    /// Sends an outgoing activity as the SDK routes it: a reply when it has replyToId, else to the conversation.
    public Task<ResourceResponse?> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var serviceUrl = activity.ServiceUrl ?? throw new ArgumentException("The activity has no serviceUrl.", nameof(activity));
        var conversationId = activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation id.", nameof(activity));
        return activity.ReplyToId is { Length: > 0 } replyToId
            ? ReplyToActivityAsync(serviceUrl, conversationId, replyToId, activity, cancellationToken)
            : SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken);
    }

    public Task<ResourceResponse?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
        => CallAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"v3/conversations/{Segment(conversationId)}/activities", activity, conversationId: null, cancellationToken);

    public Task<ResourceResponse?> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
        => CallAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"v3/conversations/{Segment(conversationId)}/activities/{Segment(activityId)}", activity, conversationId, cancellationToken);

    public Task<ResourceResponse?> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
        => CallAsync<ResourceResponse>(HttpMethod.Put, serviceUrl, $"v3/conversations/{Segment(conversationId)}/activities/{Segment(activityId)}", activity, conversationId: null, cancellationToken);

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken)
        => CallAsync<ResourceResponse>(HttpMethod.Delete, serviceUrl, $"v3/conversations/{Segment(conversationId)}/activities/{Segment(activityId)}", body: null, conversationId: null, cancellationToken);

    /// Starts a conversation (a proactive 1:1 chat in Teams); the channel answers with its id.
    public async Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
        => await CallAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, conversationId: null, cancellationToken)
           ?? throw new ConnectorException("The channel created a conversation but returned no id.");

    public async Task<IReadOnlyList<ChannelAccount>> GetConversationMembersAsync(string serviceUrl, string conversationId, CancellationToken cancellationToken)
        => await CallAsync<List<ChannelAccount>>(HttpMethod.Get, serviceUrl, $"v3/conversations/{Segment(conversationId)}/members", body: null, conversationId: null, cancellationToken) ?? [];

    /// One member of the conversation; Teams adds email, userPrincipalName and the like (TeamsInfo.getMember).
    public async Task<ChannelAccount?> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
        => await CallAsync<ChannelAccount>(HttpMethod.Get, serviceUrl, $"v3/conversations/{Segment(conversationId)}/members/{Segment(userId)}", body: null, conversationId: null, cancellationToken);

    public async Task<PagedMembersResult> GetConversationPagedMembersAsync(string serviceUrl, string conversationId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var query = $"?pageSize={pageSize}" + (continuationToken is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(continuationToken)}");
        return await CallAsync<PagedMembersResult>(HttpMethod.Get, serviceUrl, $"v3/conversations/{Segment(conversationId)}/pagedmembers{query}", body: null, conversationId: null, cancellationToken)
               ?? new PagedMembersResult();
    }

    // Ids such as "a:1|x;messageid=2" travel percent-encoded in the path, as the SDKs send them.
    private static string Segment(string id) => Uri.EscapeDataString(id);

    private async Task<T?> CallAsync<T>(HttpMethod method, string serviceUrl, string path, object? body, string? conversationId, CancellationToken cancellationToken)
        where T : class
    {
        var uri = Resolve(serviceUrl, path);
        // Every call passes here, the turn's replies and the outbox's retries alike.
        if (ServiceUrlTrust.Refusal(uri, options.Value) is { } refusal)
        {
            LogRefusedServiceUrl(logger, uri.IdnHost, refusal);
            throw new ConnectorException(refusal);
        }
        // A reply to a skill caller carries a token for that caller alone (see SkillCallers).
        var audience = SkillCallers.CallerAt(uri, options.Value);
        var token = await tokens.GetTokenForAsync(audience, rejected: null, cancellationToken);
        using var response = await SendOnceAsync(method, uri, body, conversationId, token, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && token is not null)
        {
            // The token may have been revoked or rotated early: one retry with a fresh one.
            LogRetryingUnauthorized(logger, uri.Host);
            var fresh = await tokens.GetTokenForAsync(audience, rejected: token, cancellationToken);
            using var retried = await SendOnceAsync(method, uri, body, conversationId, fresh, cancellationToken);
            return await ReadAsync<T>(retried, cancellationToken);
        }
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri uri, object? body, string? conversationId, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(BotJson.SerializeToUtf8Bytes(body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json", "utf-8") } };
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (conversationId is not null)
        {
            request.Headers.TryAddWithoutValidation(ConversationIdHeader, conversationId);
        }
        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorException(response.StatusCode, TryParse<ErrorResponse>(body), RetryAfter(response));
        }
        // Teams answers some calls (streaming continuations, deletes) with an empty body or "{}".
        return body.AsSpan().Trim(" \t\r\n"u8).IsEmpty ? null : TryParse<T>(body);
    }

    private static T? TryParse<T>(byte[] utf8Json)
        where T : class
    {
        try
        {
            return BotJson.Deserialize<T>(utf8Json.AsSpan());
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
        => response.Headers.RetryAfter is { } retryAfter
            ? retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;

    private static Uri Resolve(string serviceUrl, string path)
    {
        if (!Uri.TryCreate(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/", UriKind.Absolute, out var root) || root.Scheme is not ("https" or "http"))
        {
            throw new ConnectorException($"'{serviceUrl}' is not an absolute http(s) serviceUrl.");
        }
        return new Uri(root, path);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to call serviceUrl host {Host}: {Reason}")]
    private static partial void LogRefusedServiceUrl(ILogger logger, string host, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The channel at {Host} answered 401; retrying once with a fresh token")]
    private static partial void LogRetryingUnauthorized(ILogger logger, string host);
}
