using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Channels.Teams;

/// The Bot Framework Token Service on loopback, speaking its user-token REST API as botframework-connector's
/// TokenApiClient calls it: GET api/usertoken/GetToken, POST api/usertoken/exchange, DELETE api/usertoken/SignOut,
/// GET api/botsignin/GetSignInResource. Every call must carry a bot token the test accepts (401 otherwise). It holds
/// users as Entra would: an SSO token Teams issued for a user exchanges only once they have consented, a sign-in
/// through the link yields a magic code, and each user token is a JWT with the user's oid, tid, e-mail and name.
public sealed class FakeTokenService : IAsyncDisposable
{
    public const string ConnectionName = "TeamsSSO";
    public const string Resource = "api://botid-0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, User> _ssoTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, User> _magicCodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, User> _consented = new(StringComparer.Ordinal);

    private FakeTokenService(WebApplication app) => _app = app;

    /// An Entra user: their Teams user id (29:…), object id, tenant, UPN and name.
    public sealed record User(string TeamsId, string ObjectId, string TenantId, string Upn, string Name);

    public sealed record ServiceCall(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? Authorization, string Body, int Status);

    public string Url { get; private set; } = string.Empty;

    /// Which bot tokens the service takes; the bot's come from the fake Entra token endpoint as "token-N".
    public Func<string, bool> AcceptsBotToken { get; set; } = token => token.StartsWith("token-", StringComparison.Ordinal);

    public ConcurrentQueue<ServiceCall> Calls { get; } = new();

    /// The users who hold a token now (exchanged or signed in, and not signed out), by Teams user id.
    public ConcurrentDictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    public static async Task<FakeTokenService> StartAsync()
    {
        var app = LoopbackWebApp.Create();
        var service = new FakeTokenService(app);
        app.Run(service.HandleAsync);
        service.Url = await app.StartOnLoopbackAsync();
        return service;
    }

    /// The token Teams gets silently for the SSO resource (what the signin/tokenExchange invoke carries).
    public string IssueSsoToken(User user, bool consented = true)
    {
        var token = Jwt(user, Resource);
        _ssoTokens[token] = user;
        if (consented)
        {
            _consented[user.TeamsId] = user;
        }
        return token;
    }

    /// The user signs in through the card's link (as account, which may not be the Teams user): the magic code
    /// Teams then sends in signin/verifyState.
    public string SignInThroughLink(string teamsId, User account)
    {
        var code = Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _magicCodes[$"{teamsId}|{code}"] = account;
        return code;
    }

    public IReadOnlyList<ServiceCall> CallsTo(string path) => [.. Calls.Where(c => c.Path.Equals(path, StringComparison.OrdinalIgnoreCase))];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var authorization = request.Headers.Authorization.ToString();
        var (status, answer) = authorization.StartsWith("Bearer ", StringComparison.Ordinal) && AcceptsBotToken(authorization["Bearer ".Length..])
            ? Route(request.Method, request.Path.Value ?? string.Empty, query, body)
            : (401, Error("Unauthorized", "The bot's token is missing or not accepted."));
        Calls.Enqueue(new ServiceCall(request.Method, request.Path.Value ?? string.Empty, query, authorization, body, status));
        context.Response.StatusCode = status;
        if (answer is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(answer.ToJsonString());
        }
    }

    private (int, JsonNode?) Route(string method, string path, Dictionary<string, string> query, string body)
    {
        var userId = query.GetValueOrDefault("userId");
        var connection = query.GetValueOrDefault("connectionName");
        var channel = query.GetValueOrDefault("channelId");
        switch (method, path.ToLowerInvariant())
        {
            case ("GET", "/api/usertoken/gettoken") when userId is not null && connection == ConnectionName:
                if (query.TryGetValue("code", out var code) && _magicCodes.TryRemove($"{userId}|{code}", out var account))
                {
                    Tokens[userId] = Jwt(account, "https://graph.microsoft.com");
                }
                return Tokens.TryGetValue(userId, out var held) ? (200, TokenResponse(channel, held)) : (404, null);
            case ("POST", "/api/usertoken/exchange") when userId is not null && connection == ConnectionName:
                var exchange = JsonNode.Parse(body)?["token"]?.GetValue<string>();
                if (exchange is null || !_ssoTokens.TryGetValue(exchange, out var user) || !_consented.ContainsKey(user.TeamsId))
                {
                    return (400, Error("ConsentRequired", "The token cannot be exchanged: the user has not consented, or it is not for this connection."));
                }
                Tokens[userId] = Jwt(user, "https://graph.microsoft.com");
                return (200, TokenResponse(channel, Tokens[userId]));
            case ("DELETE", "/api/usertoken/signout") when userId is not null:
                Tokens.TryRemove(userId, out _);
                return (200, JsonValue.Create(0));
            case ("GET", "/api/botsignin/getsigninresource") when query.TryGetValue("state", out var state):
                var decoded = JsonNode.Parse(Convert.FromBase64String(state))!;
                return (200, new JsonObject
                {
                    ["signInLink"] = $"{Url}/api/oauth/signin?signin={Guid.NewGuid():N}",
                    ["tokenExchangeResource"] = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["uri"] = Resource, ["providerId"] = "aadv2" },
                    ["tokenPostResource"] = new JsonObject { ["sasUrl"] = $"{Url}/api/sas/{decoded["connectionName"]}" },
                });
            default:
                return (404, Error("NotFound", $"No {method} {path} for these parameters."));
        }
    }

    private static JsonObject TokenResponse(string? channel, string token) => new()
    {
        ["channelId"] = channel,
        ["connectionName"] = ConnectionName,
        ["token"] = token,
        ["expiration"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O"),
    };

    private static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    // Unsigned: the bot reads the claims of a token the service handed it, and checks no signature.
    private static string Jwt(User user, string audience) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Audience = audience,
        Issuer = $"https://login.microsoftonline.com/{user.TenantId}/v2.0",
        Claims = new Dictionary<string, object>
        {
            ["oid"] = user.ObjectId,
            ["tid"] = user.TenantId,
            ["preferred_username"] = user.Upn,
            ["name"] = user.Name,
        },
    });
}
