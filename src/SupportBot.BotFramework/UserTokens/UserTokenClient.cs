using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.BotFramework.Connector;
using SupportBot.BotFramework.Schema;

namespace SupportBot.BotFramework.UserTokens;

/// The Bot Framework Token Service's user-token REST API (what botframework-connector's UserTokenClient calls):
/// a user's token for an OAuth connection, the SSO exchange, the sign-in resource for an OAuth card, sign-out.
/// Every call carries the bot's own channel token (OutboundTokens), with one fresh-token retry on 401.
public sealed partial class UserTokenClient(HttpClient http, OutboundTokens tokens, IOptions<BotFrameworkOptions> options, ILogger<UserTokenClient> logger)
{
    private BotFrameworkOptions Settings => options.Value;

    /// The user's token, or with a magic code the one their sign-in just produced. Null when the service has none (404).
    public async Task<TokenResponse?> GetTokenAsync(string userId, string connectionName, string channelId, string? code, CancellationToken cancellationToken)
    {
        var query = Query(("userId", userId), ("connectionName", connectionName), ("channelId", channelId), ("code", code));
        using var response = await CallAsync(HttpMethod.Get, "api/usertoken/GetToken" + query, body: null, cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : Token(await ReadAsync<TokenResponse>(response, cancellationToken));
    }

    /// Exchanges Teams' SSO token for the connection's token. Null when the service refuses the exchange (400, 404:
    /// the user has not consented, or the token is not for the connection's resource).
    public async Task<TokenResponse?> ExchangeTokenAsync(
        string userId, string connectionName, string channelId, TokenExchangeRequest exchange, CancellationToken cancellationToken)
    {
        var query = Query(("userId", userId), ("connectionName", connectionName), ("channelId", channelId));
        using var response = await CallAsync(HttpMethod.Post, "api/usertoken/exchange" + query, exchange, cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            LogExchangeRefused(logger, (int)response.StatusCode, connectionName);
            return null;
        }
        return Token(await ReadAsync<TokenResponse>(response, cancellationToken));
    }

    /// The sign-in link and exchange resource for an OAuth card in the activity's conversation.
    public async Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string? finalRedirect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var state = new TokenExchangeState
        {
            ConnectionName = connectionName,
            Conversation = activity.GetConversationReference(),
            RelatesTo = activity.RelatesTo,
            MsAppId = Settings.MicrosoftAppId,
        };
        var encoded = Convert.ToBase64String(BotJson.SerializeToUtf8Bytes(state));
        var query = Query(("state", encoded), ("finalRedirect", finalRedirect));
        using var response = await CallAsync(HttpMethod.Get, "api/botsignin/GetSignInResource" + query, body: null, cancellationToken);
        return await ReadAsync<SignInResource>(response, cancellationToken)
               ?? throw new UserTokenException("The token service answered GetSignInResource without a body.");
    }

    /// Forgets the user's token for the connection (every connection when null).
    public async Task SignOutAsync(string userId, string? connectionName, string channelId, CancellationToken cancellationToken)
    {
        var query = Query(("userId", userId), ("connectionName", connectionName), ("channelId", channelId));
        using var response = await CallAsync(HttpMethod.Delete, "api/usertoken/SignOut" + query, body: null, cancellationToken);
        await ReadAsync<object>(response, cancellationToken);
    }

    private static TokenResponse? Token(TokenResponse? response) => response?.Token is { Length: > 0 } ? response : null;

    private async Task<HttpResponseMessage> CallAsync(HttpMethod method, string pathAndQuery, object? body, CancellationToken cancellationToken)
    {
        var uri = Resolve(pathAndQuery);
        var token = await tokens.GetTokenAsync(rejected: null, cancellationToken)
                    ?? throw new UserTokenException("The token service needs the bot's token: set Bot:MicrosoftAppId and its credential.");
        var response = await SendOnceAsync(method, uri, body, token, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }
        response.Dispose();
        LogRetryingUnauthorized(logger);
        var fresh = await tokens.GetTokenAsync(rejected: token, cancellationToken);
        return await SendOnceAsync(method, uri, body, fresh!, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri uri, object? body, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(BotJson.SerializeToUtf8Bytes(body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json", "utf-8") } };
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.ExecutionRejectedException)
        {
            throw new UserTokenException($"The token service at {uri.Host} could not be reached: {ex.Message}", ex);
        }
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new UserTokenException(response.StatusCode, $"The token service answered {(int)response.StatusCode} {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200)))}".TrimEnd());
        }
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty || typeof(T) == typeof(object))
        {
            return null;
        }
        try
        {
            return BotJson.Deserialize<T>(body.AsSpan());
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new UserTokenException($"The token service's answer is not a {typeof(T).Name}.", ex);
        }
    }

    // The bot's token goes to the token service: https only, except a test service on loopback when allowed.
    private Uri Resolve(string pathAndQuery)
    {
        var root = Settings.OAuthUrl.EndsWith('/') ? Settings.OAuthUrl : Settings.OAuthUrl + "/";
        var uri = new Uri(new Uri(root), pathAndQuery);
        if (uri.Scheme != Uri.UriSchemeHttps && !(Settings.AllowHttpOnLoopback && uri.IsLoopback))
        {
            throw new UserTokenException($"Bot:OAuthUrl must be https: the bot's token would travel to {uri.GetLeftPart(UriPartial.Authority)} in the clear.");
        }
        return uri;
    }

    private static string Query(params (string Name, string? Value)[] parameters)
        => "?" + string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    [LoggerMessage(Level = LogLevel.Information, Message = "The token service refused an exchange for connection {ConnectionName} with {Status}")]
    private static partial void LogExchangeRefused(ILogger logger, int status, string connectionName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token service refused the bot's token (401); retrying once with a fresh one")]
    private static partial void LogRetryingUnauthorized(ILogger logger);
}
