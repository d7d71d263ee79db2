using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.BotFramework.Connector;

/// The bot's access token for calling channels: OAuth client credentials (client secret or certificate
/// assertion) against Entra ID, or the managed identity endpoint; cached until five minutes before expiry,
/// refreshed by one caller at a time.
///
/// Hand-written rather than MSAL because MSAL only accepts https authorities, and the tests' token endpoint
/// is plain http on loopback; the protocol (RFC 6749 §4.4, RFC 7523 assertions) is small.
public sealed partial class OutboundTokens(
    HttpClient http,
    IOptions<BotFrameworkOptions> options,
    TimeProvider time,
    ILogger<OutboundTokens> logger) : IDisposable
{
    public const string DefaultChannelAuthTenant = "botframework.com";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? _cached;

    private BotFrameworkOptions Settings => options.Value;

    /// Null when the bot runs without an app id (anonymous, local development). Pass the token a channel
    /// just refused as rejected to force a new one (unless another caller already replaced it).
    public async Task<string?> GetTokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        if (!Settings.IsAuthenticationEnabled)
        {
            return null;
        }
        if (Usable(rejected) is { } token)
        {
            return token;
        }
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (Usable(rejected) is { } refreshed)
            {
                return refreshed;
            }
            var (accessToken, lifetime) = await RequestAsync(cancellationToken);
            _cached = (accessToken, time.GetUtcNow() + lifetime);
            LogAcquired(logger, Settings.MicrosoftAppType, lifetime.TotalSeconds);
            return accessToken;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private string? Usable(string? rejected)
        => _cached is { } cached && cached.Token != rejected && cached.ExpiresAt - RefreshMargin > time.GetUtcNow() ? cached.Token : null;

    private async Task<(string Token, TimeSpan Lifetime)> RequestAsync(CancellationToken cancellationToken)
    {
        using var request = Settings.MicrosoftAppType == BotAppType.UserAssignedMSI ? ManagedIdentityRequest() : ClientCredentialsRequest();
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            LogRefused(logger, (int)response.StatusCode, request.RequestUri?.GetLeftPart(UriPartial.Path));
            throw new ConnectorException($"The token endpoint answered {(int)response.StatusCode}; check Bot:MicrosoftAppId, the credential and Bot:MicrosoftAppTenantId.");
        }
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!body.TryGetProperty("access_token", out var accessToken) || accessToken.GetString() is not { Length: > 0 } token)
        {
            throw new ConnectorException("The token endpoint's answer has no access_token.");
        }
        return (token, TimeSpan.FromSeconds(ReadSeconds(body, "expires_in") ?? 3600));
    }

    private HttpRequestMessage ClientCredentialsRequest()
    {
        var tenant = Settings.MicrosoftAppType == BotAppType.SingleTenant ? Settings.MicrosoftAppTenantId : DefaultChannelAuthTenant;
        var endpoint = $"{Settings.ToChannelFromBotLoginUrlPrefix.TrimEnd('/')}/{tenant}/oauth2/v2.0/token";
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = Settings.MicrosoftAppId,
            ["scope"] = Scope(),
        };
        if (Settings.CertificatePath.Length > 0)
        {
            form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
            form["client_assertion"] = ClientAssertion(endpoint);
        }
        else
        {
            form["client_secret"] = Settings.MicrosoftAppPassword;
        }
        return new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(form) };
    }

    private HttpRequestMessage ManagedIdentityRequest()
    {
        var resource = Uri.EscapeDataString(Settings.ToChannelFromBotOAuthScope);
        var uri = $"{Settings.ManagedIdentityEndpoint}?api-version=2018-02-01&resource={resource}&client_id={Uri.EscapeDataString(Settings.MicrosoftAppId)}";
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("Metadata", "true");
        return request;
    }

    // The SDK appends /.default to the channel scope when it is missing.
    private string Scope()
        => Settings.ToChannelFromBotOAuthScope.EndsWith("/.default", StringComparison.Ordinal)
            ? Settings.ToChannelFromBotOAuthScope
            : Settings.ToChannelFromBotOAuthScope.TrimEnd('/') + "/.default";

    // RFC 7523 client assertion: a short-lived JWT about the app, signed with the certificate's key; the x5t
    // header lets Entra ID find the certificate registered on the app.
    private string ClientAssertion(string audience)
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Settings.CertificatePath, Settings.CertificatePassword.Length > 0 ? Settings.CertificatePassword : null);
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Settings.MicrosoftAppId,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = Settings.MicrosoftAppId, ["jti"] = Guid.NewGuid().ToString() },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            SigningCredentials = new X509SigningCredentials(certificate, SecurityAlgorithms.RsaSha256),
        });
    }

    // Entra answers expires_in as a number; the managed identity endpoint as a string.
    private static double? ReadSeconds(JsonElement body, string name)
        => !body.TryGetProperty(name, out var value) ? null
            : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
            : double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Acquired an outbound token ({AppType}) valid for {Seconds} s")]
    private static partial void LogAcquired(ILogger logger, BotAppType appType, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The token endpoint {Endpoint} refused the bot's credentials with {Status}")]
    private static partial void LogRefused(ILogger logger, int status, string? endpoint);
}
