using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace SupportBot.BotFramework.ManagedIdentity;

/// Gets a managed identity's token from whichever source the host offers: App Service and Container Apps
/// (IDENTITY_ENDPOINT), AKS workload identity (a federated token exchanged at Entra ID) or the VM metadata endpoint.
/// One request per call; AccessTokenCache decides when to call.
///
/// Hand-written rather than Azure.Identity so the bot's channel token and the LLM's share one small, testable path:
/// Azure.Identity's workload identity goes through MSAL, which accepts https authorities only, and the tests' Entra
/// ID is plain http on loopback.
public sealed class ManagedIdentityCredential(HttpClient http, ManagedIdentityCredential.Settings settings, TimeProvider time)
{
    public const string AppServiceApiVersion = "2019-08-01";
    public const string ImdsApiVersion = "2018-02-01";
    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// What the credential is for. ClientId names a user-assigned identity (null: the system-assigned one, or
    /// AZURE_CLIENT_ID); TenantId and AuthorityHost serve workload identity, where AZURE_TENANT_ID and
    /// AZURE_AUTHORITY_HOST fill what is not given; ImdsEndpoint defaults to the environment's.
    public sealed record Settings(ManagedIdentitySource Source, ManagedIdentityEnvironment Environment, string? ClientId = null, string? TenantId = null, string? ImdsEndpoint = null);

    /// The source in use: the forced one, or the one the environment names (the VM metadata endpoint when none).
    public ManagedIdentitySource Source { get; } = settings.Source == ManagedIdentitySource.Auto
        ? settings.Environment.Detected ?? ManagedIdentitySource.Imds
        : settings.Source;

    private ManagedIdentityEnvironment Environment => settings.Environment;

    private string? ClientId => settings.ClientId is { Length: > 0 } id ? id : Environment.ClientId;

    /// A token for the resource a scope names ("https://api.botframework.com/.default", an app id, a resource URI).
    public async Task<AccessToken> GetTokenAsync(string scope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        using var request = Source switch
        {
            ManagedIdentitySource.AppService => AppServiceRequest(Resource(scope)),
            ManagedIdentitySource.WorkloadIdentity => await WorkloadIdentityRequestAsync(Scope(scope), cancellationToken),
            _ => ImdsRequest(Resource(scope)),
        };
        var endpoint = request.RequestUri!.GetLeftPart(UriPartial.Path);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ManagedIdentityException($"The {Describe(Source)} at {endpoint} could not be reached ({ex.Message}). {Hint()}", ex);
        }
        using (response)
        {
            var body = await ReadJsonAsync(response, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ManagedIdentityException($"The {Describe(Source)} at {endpoint} answered {(int)response.StatusCode}: {ErrorText(body)}. {Hint()}");
            }
            if (body is not { } json || !json.TryGetProperty("access_token", out var value) || value.GetString() is not { Length: > 0 } token)
            {
                throw new ManagedIdentityException($"The {Describe(Source)} at {endpoint} answered without an access_token.");
            }
            return new AccessToken(token, ExpiresOn(json));
        }
    }

    // The resource form (App Service, IMDS) is the scope without "/.default".
    public static string Resource(string scope)
        => scope.EndsWith("/.default", StringComparison.Ordinal) ? scope[..^"/.default".Length] : scope;

    public static string Scope(string scopeOrResource)
        => scopeOrResource.EndsWith("/.default", StringComparison.Ordinal) ? scopeOrResource : scopeOrResource.TrimEnd('/') + "/.default";

    private HttpRequestMessage AppServiceRequest(string resource)
    {
        if (Environment.IdentityEndpoint is not { } endpoint || Environment.IdentityHeader is not { } header)
        {
            throw new ManagedIdentityException("The App Service / Container Apps identity needs IDENTITY_ENDPOINT and IDENTITY_HEADER, which this host does not set: enable a managed identity on the app, or choose another source.");
        }
        var request = new HttpRequestMessage(HttpMethod.Get, $"{endpoint}?api-version={AppServiceApiVersion}&resource={Uri.EscapeDataString(resource)}{ClientIdQuery()}");
        request.Headers.Add("X-IDENTITY-HEADER", header);
        return request;
    }

    private HttpRequestMessage ImdsRequest(string resource)
    {
        var endpoint = settings.ImdsEndpoint is { Length: > 0 } configured ? configured : Environment.ImdsEndpoint;
        var request = new HttpRequestMessage(HttpMethod.Get, $"{endpoint}?api-version={ImdsApiVersion}&resource={Uri.EscapeDataString(resource)}{ClientIdQuery()}");
        request.Headers.Add("Metadata", "true");
        return request;
    }

    // The projected token rotates (the kubelet rewrites the file about hourly), so it is read for every request.
    private async Task<HttpRequestMessage> WorkloadIdentityRequestAsync(string scope, CancellationToken cancellationToken)
    {
        var tenant = settings.TenantId is { Length: > 0 } configured ? configured : Environment.TenantId;
        if (Environment.FederatedTokenFile is not { } file || ClientId is not { } clientId || tenant is null)
        {
            throw new ManagedIdentityException("Workload identity needs AZURE_FEDERATED_TOKEN_FILE, a client id (AZURE_CLIENT_ID) and a tenant (AZURE_TENANT_ID): label the pod azure.workload.identity/use=true and annotate its service account with the identity's client id.");
        }
        string assertion;
        try
        {
            assertion = (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ManagedIdentityException($"Could not read the federated token in AZURE_FEDERATED_TOKEN_FILE '{file}': {ex.Message}", ex);
        }
        var authority = Environment.AuthorityHost ?? ManagedIdentityEnvironment.DefaultAuthorityHost;
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["scope"] = scope,
            ["client_assertion_type"] = JwtBearerAssertionType,
            ["client_assertion"] = assertion,
        };
        return new HttpRequestMessage(HttpMethod.Post, $"{authority.TrimEnd('/')}/{Uri.EscapeDataString(tenant)}/oauth2/v2.0/token") { Content = new FormUrlEncodedContent(form) };
    }

    private string ClientIdQuery() => ClientId is { } clientId ? $"&client_id={Uri.EscapeDataString(clientId)}" : string.Empty;

    private string Hint() => Source switch
    {
        ManagedIdentitySource.AppService => $"Check that the identity{ForClient()} is assigned to the app.",
        ManagedIdentitySource.WorkloadIdentity => $"Check the federated credential on the identity{ForClient()}: its issuer must be the cluster's OIDC issuer and its subject the pod's service account.",
        _ => $"Check that the identity{ForClient()} is assigned to this VM; elsewhere set the managed identity source (IDENTITY_ENDPOINT or AZURE_FEDERATED_TOKEN_FILE are not set here).",
    };

    private string ForClient() => ClientId is { } clientId ? $" with client id {clientId}" : string.Empty;

    public static string Describe(ManagedIdentitySource source) => source switch
    {
        ManagedIdentitySource.AppService => "App Service / Container Apps identity endpoint",
        ManagedIdentitySource.WorkloadIdentity => "Entra ID token endpoint (workload identity)",
        _ => "VM metadata endpoint (IMDS)",
    };

    private static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Entra ID: error and error_description; App Service: message (or an error object); IMDS: error_description.
    private static string ErrorText(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } json)
        {
            return "no JSON body";
        }
        foreach (var name in new[] { "error_description", "message", "Message" })
        {
            if (json.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String)
            {
                return text.GetString()!;
            }
        }
        return json.TryGetProperty("error", out var error) ? error.ToString() : json.ToString();
    }

    // expires_on is epoch seconds (a number, or a string of one; old App Service versions wrote a date); Entra ID and
    // IMDS also give expires_in, seconds from now. Without either the token is taken to last an hour.
    private DateTimeOffset ExpiresOn(JsonElement body)
    {
        if (body.TryGetProperty("expires_on", out var on))
        {
            if (Number(on) is { } epoch)
            {
                return DateTimeOffset.FromUnixTimeSeconds((long)epoch);
            }
            if (on.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(on.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                return date;
            }
        }
        var seconds = body.TryGetProperty("expires_in", out var inSeconds) ? Number(inSeconds) : null;
        return time.GetUtcNow().AddSeconds(seconds ?? 3600);
    }

    private static double? Number(JsonElement value)
        => value.ValueKind == JsonValueKind.Number ? value.GetDouble()
            : value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : null;
}
