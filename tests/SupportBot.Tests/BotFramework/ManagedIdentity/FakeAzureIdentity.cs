using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportBot.Tests.BotFramework.Authentication;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.BotFramework.ManagedIdentity;

/// Azure's three managed identity token sources on loopback, each speaking its real protocol and refusing what the
/// real one refuses: the App Service / Container Apps identity endpoint (api-version 2019-08-01, X-IDENTITY-HEADER,
/// expires_on as epoch seconds in a string), the VM metadata endpoint (api-version 2018-02-01, Metadata: true, every
/// value a string) and Entra ID's v2.0 token endpoint (client credentials with a secret or a JWT-bearer client
/// assertion, as workload identity sends). Tokens are signed JWTs whose audience is the requested resource.
public sealed class FakeAzureIdentity : IAsyncDisposable
{
    public const string IdentityHeader = "fake-identity-header-5b1d";
    public const string Tenant = "8c1d2f2e-3f4a-4c55-9c0b-0d3e5f6a7b8c";
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = LocalTokenAuthority.NewKey();
    private int _issued;

    private FakeAzureIdentity(WebApplication app) => _app = app;

    public sealed record TokenRequest(
        string Source, string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Form);

    public string BaseUrl { get; private set; } = string.Empty;

    public string AppServiceEndpoint => BaseUrl + "/msi/token";

    public string ImdsEndpoint => BaseUrl + "/metadata/identity/oauth2/token";

    /// AZURE_AUTHORITY_HOST for workload identity; the tenant and /oauth2/v2.0/token follow.
    public string AuthorityHost => BaseUrl + "/";

    public ConcurrentQueue<TokenRequest> Requests { get; } = new();

    /// Every access token issued, in order.
    public ConcurrentQueue<string> Issued { get; } = new();

    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// The client assertion Entra ID accepts for workload identity (the projected service-account token).
    public string? AcceptedAssertion { get; set; }

    /// The client secret Entra ID accepts for client credentials.
    public string AcceptedSecret { get; set; } = "s3cret";

    public static async Task<FakeAzureIdentity> StartAsync()
    {
        var app = LoopbackWebApp.Create();
        var identity = new FakeAzureIdentity(app);
        app.MapGet("/msi/token", identity.AppService);
        app.MapGet("/metadata/identity/oauth2/token", identity.Imds);
        app.MapPost("/{tenant}/oauth2/v2.0/token", (Func<HttpContext, Task<IResult>>)identity.EntraAsync);
        identity.BaseUrl = await app.StartOnLoopbackAsync();
        return identity;
    }

    /// The claims of a token this fake issued, read without validation (the tests check where it went).
    public static JsonWebToken Read(string token) => new(token);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
    }

    private IResult AppService(HttpContext context)
    {
        var request = Record("AppService", context, new Dictionary<string, string>());
        if (request.Headers.GetValueOrDefault("X-IDENTITY-HEADER") != IdentityHeader)
        {
            return Results.Json(new { statusCode = 401, message = "Unauthorized: X-IDENTITY-HEADER is missing or wrong." }, statusCode: 401);
        }
        if (request.Query.GetValueOrDefault("api-version") != "2019-08-01" || request.Query.GetValueOrDefault("resource") is not { Length: > 0 } resource)
        {
            return Results.Json(new { statusCode = 400, message = "api-version 2019-08-01 and resource are required." }, statusCode: 400);
        }
        var clientId = request.Query.GetValueOrDefault("client_id") ?? "system-assigned-client";
        var expiresOn = DateTimeOffset.UtcNow.AddSeconds(TokenLifetimeSeconds).ToUnixTimeSeconds();
        return Results.Json(new Dictionary<string, string>
        {
            ["access_token"] = Issue(resource, clientId),
            ["expires_on"] = expiresOn.ToString(CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
            ["client_id"] = clientId,
        });
    }

    private IResult Imds(HttpContext context)
    {
        var request = Record("Imds", context, new Dictionary<string, string>());
        if (request.Headers.GetValueOrDefault("Metadata") != "true")
        {
            return Results.Json(new { error = "invalid_request", error_description = "Required metadata header not specified" }, statusCode: 400);
        }
        if (request.Query.GetValueOrDefault("api-version") != "2018-02-01" || request.Query.GetValueOrDefault("resource") is not { Length: > 0 } resource)
        {
            return Results.Json(new { error = "invalid_request", error_description = "Required query variable 'api-version' or 'resource' is missing" }, statusCode: 400);
        }
        var clientId = request.Query.GetValueOrDefault("client_id") ?? "system-assigned-client";
        var now = DateTimeOffset.UtcNow;
        return Results.Json(new Dictionary<string, string>
        {
            ["access_token"] = Issue(resource, clientId),
            ["client_id"] = clientId,
            ["expires_in"] = TokenLifetimeSeconds.ToString(CultureInfo.InvariantCulture),
            ["expires_on"] = now.AddSeconds(TokenLifetimeSeconds).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["ext_expires_in"] = TokenLifetimeSeconds.ToString(CultureInfo.InvariantCulture),
            ["not_before"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
        });
    }

    private async Task<IResult> EntraAsync(HttpContext context)
    {
        var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        Record("Entra", context, form);
        if (form.GetValueOrDefault("grant_type") != "client_credentials" || form.GetValueOrDefault("client_id") is not { Length: > 0 } clientId
            || form.GetValueOrDefault("scope") is not { } scope || !scope.EndsWith("/.default", StringComparison.Ordinal))
        {
            return Error(400, "invalid_request", "AADSTS900144: The request body must contain grant_type, client_id and a scope ending in /.default.");
        }
        var authenticated = form.TryGetValue("client_assertion", out var assertion)
            ? form.GetValueOrDefault("client_assertion_type") == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" && assertion == AcceptedAssertion
            : form.GetValueOrDefault("client_secret") == AcceptedSecret;
        if (!authenticated)
        {
            return Error(401, "invalid_client", "AADSTS700213: No matching federated identity record found for presented assertion.");
        }
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenLifetimeSeconds,
            ["ext_expires_in"] = TokenLifetimeSeconds,
            ["access_token"] = Issue(scope[..^"/.default".Length], clientId),
        });
    }

    private static IResult Error(int status, string error, string description)
        => Results.Json(new { error, error_description = description, error_codes = new[] { 700213 } }, statusCode: status);

    private TokenRequest Record(string source, HttpContext context, Dictionary<string, string> form)
    {
        var request = new TokenRequest(
            source,
            context.Request.Method,
            context.Request.Path.Value!,
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            form);
        Requests.Enqueue(request);
        return request;
    }

    private string Issue(string resource, string clientId)
    {
        var claims = new Dictionary<string, object>
        {
            ["ver"] = "1.0",
            ["appid"] = clientId,
            ["tid"] = Tenant,
            ["jti"] = $"{Interlocked.Increment(ref _issued)}",
        };
        var token = LocalTokenAuthority.Create($"https://sts.windows.net/{Tenant}/", resource, claims, _key, DateTime.UtcNow.AddSeconds(TokenLifetimeSeconds), null, SecurityAlgorithms.RsaSha256);
        Issued.Enqueue(token);
        return token;
    }
}
