using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportBot.BotFramework.ManagedIdentity;

namespace SupportBot.BotFramework.Connector;

/// The bot's access tokens: for calling channels (the Bot Framework scope), and for replying to a bot that called this
/// one as a skill (scoped to that bot's app id, so the token is worth nothing anywhere else). OAuth client credentials
/// (client secret or certificate assertion) against Entra ID, or the managed identity (ManagedIdentityCredential:
/// App Service and Container Apps, AKS workload identity, the VM metadata endpoint); each scope's token cached until
/// five minutes before expiry, refreshed by one caller at a time.
///
/// Hand-written rather than MSAL because MSAL only accepts https authorities, and the tests' token endpoint
/// is plain http on loopback; the protocol (RFC 6749 §4.4, RFC 7523 assertions) is small.
public sealed partial class OutboundTokens(
    HttpClient http,
    IOptions<BotFrameworkOptions> options,
    ManagedIdentityEnvironment environment,
    TimeProvider time,
    ILogger<OutboundTokens> logger) : IDisposable
{
    public const string DefaultChannelAuthTenant = "botframework.com";
    private readonly AccessTokenCache _cache = new(time);

    private BotFrameworkOptions Settings => options.Value;

    /// The token for channels. Null when the bot runs without an app id (anonymous, local development). Pass the
    /// token a channel just refused as rejected to force a new one (unless another caller already replaced it).
    public Task<string?> GetTokenAsync(string? rejected, CancellationToken cancellationToken)
        => GetTokenForAsync(audience: null, rejected, cancellationToken);

    /// The token for an audience: null for channels, a skill caller's app id for replies to that bot.
    public async Task<string?> GetTokenForAsync(string? audience, string? rejected, CancellationToken cancellationToken)
    {
        if (!Settings.IsAuthenticationEnabled)
        {
            return null;
        }
        var scope = ManagedIdentityCredential.Scope(audience ?? Settings.ToChannelFromBotOAuthScope);
        var (token, acquired) = await _cache.GetAsync(scope, rejected, RequestAsync, cancellationToken);
        if (acquired)
        {
            var lifetime = token.ExpiresOn - time.GetUtcNow();
            LogAcquired(logger, Settings.MicrosoftAppType, scope, lifetime.TotalSeconds);
        }
        return token.Value;
    }

    public void Dispose() => _cache.Dispose();

    private async Task<AccessToken> RequestAsync(string scope, CancellationToken cancellationToken)
    {
        if (Settings.MicrosoftAppType == BotAppType.UserAssignedMSI)
        {
            var credential = new ManagedIdentityCredential(http, new ManagedIdentityCredential.Settings(
                Settings.ManagedIdentitySource, environment, Settings.MicrosoftAppId, Settings.MicrosoftAppTenantId, Settings.ManagedIdentityEndpoint), time);
            try
            {
                return await credential.GetTokenAsync(scope, cancellationToken);
            }
            catch (ManagedIdentityException ex)
            {
                LogManagedIdentityFailed(logger, credential.Source, ex.Message);
                throw new ConnectorException($"No token for the bot's managed identity ({credential.Source}): {ex.Message}", ex);
            }
        }
        using var request = ClientCredentialsRequest(scope);
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
        return new AccessToken(token, time.GetUtcNow().AddSeconds(ReadSeconds(body, "expires_in") ?? 3600));
    }

    private HttpRequestMessage ClientCredentialsRequest(string scope)
    {
        var tenant = Settings.MicrosoftAppType == BotAppType.SingleTenant ? Settings.MicrosoftAppTenantId : DefaultChannelAuthTenant;
        var endpoint = $"{Settings.ToChannelFromBotLoginUrlPrefix.TrimEnd('/')}/{tenant}/oauth2/v2.0/token";
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = Settings.MicrosoftAppId,
            ["scope"] = scope,
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

    // Entra answers expires_in as a number; some proxies of it as a string.
    private static double? ReadSeconds(JsonElement body, string name)
        => !body.TryGetProperty(name, out var value) ? null
            : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
            : double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Acquired an outbound token ({AppType}) for {Scope}, valid for {Seconds} s")]
    private static partial void LogAcquired(ILogger logger, BotAppType appType, string scope, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The bot's managed identity ({Source}) got no token: {Reason}")]
    private static partial void LogManagedIdentityFailed(ILogger logger, ManagedIdentitySource source, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The token endpoint {Endpoint} refused the bot's credentials with {Status}")]
    private static partial void LogRefused(ILogger logger, int status, string? endpoint);
}
