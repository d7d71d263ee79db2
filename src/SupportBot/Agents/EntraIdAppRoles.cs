using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using SupportBot.Handoff;

namespace SupportBot.Agents;

/// The app role Microsoft Entra ID gives a console user now, read from Microsoft Graph with the console app's own
/// credential (client credentials; the app needs the Graph application permission Directory.Read.All). Sign-in reads
/// the roles from the token; this lets a removed role, an unassigned user or a disabled or deleted user end the
/// session within Agents:SessionRecheckSeconds (ConsoleAccounts) instead of at the next sign-in.
internal sealed class EntraIdAppRoles(HttpClient http, IOptions<AgentOptions> options, TimeProvider time) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _token = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? _cached;
    private ServicePrincipal? _app;

    private EntraIdOptions Entra => options.Value.EntraId;

    /// "supervisor" or "agent"; null when the user has neither app role, is disabled or no longer exists. Throws
    /// HttpRequestException when Graph or the token endpoint cannot answer.
    public async Task<string?> RoleAsync(string tenantAndObjectId, CancellationToken cancellationToken)
    {
        var objectId = Uri.EscapeDataString(tenantAndObjectId[(tenantAndObjectId.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        var user = await GetAsync<GraphUser>($"v1.0/users/{objectId}?$select=id,accountEnabled", cancellationToken);
        if (user is not { AccountEnabled: true })
        {
            return null;
        }
        var app = _app ??= await GetAsync<ServicePrincipal>($"v1.0/servicePrincipals(appId='{Uri.EscapeDataString(Entra.ClientId)}')?$select=id,appRoles", cancellationToken)
            ?? throw new HttpRequestException($"Microsoft Graph knows no service principal of the app {Entra.ClientId}.");
        var assigned = await GetAsync<Page<Assignment>>($"v1.0/users/{objectId}/appRoleAssignments?$filter=resourceId eq {app.Id}", cancellationToken);
        var roles = (assigned?.Value ?? [])
            .Select(a => app.AppRoles.FirstOrDefault(r => r.Id == a.AppRoleId)?.Value)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return roles.Contains(AgentIdentity.SupervisorRole) ? AgentIdentity.SupervisorRole
            : roles.Contains(AgentIdentity.AgentRole) ? AgentIdentity.AgentRole
            : null;
    }

    // Null for a 404 (a deleted user); any other failure throws.
    private async Task<T?> GetAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(Entra.GraphBaseUrl.TrimEnd('/') + "/"), path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await _token.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } cached && cached.ExpiresAt > time.GetUtcNow())
            {
                return cached.Token;
            }
            using var response = await http.PostAsync(
                new Uri($"{Entra.Instance.TrimEnd('/')}/{Uri.EscapeDataString(Entra.TenantId)}/oauth2/v2.0/token"),
                new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = Entra.ClientId,
                    ["client_secret"] = Entra.ClientSecret,
                    ["scope"] = $"{Entra.GraphBaseUrl.TrimEnd('/')}/.default",
                }),
                cancellationToken);
            response.EnsureSuccessStatusCode();
            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new HttpRequestException("The token endpoint answered with no token.");
            // Renewed five minutes early, so a token never expires on its way to Graph.
            _cached = (token.AccessToken, time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(0, token.ExpiresIn - 300)));
            return token.AccessToken;
        }
        finally
        {
            _token.Release();
        }
    }

    public void Dispose() => _token.Dispose();

    private sealed record GraphUser(string Id, bool AccountEnabled);

    private sealed record ServicePrincipal(string Id, IReadOnlyList<AppRole> AppRoles);

    private sealed record AppRole(Guid Id, string? Value);

    private sealed record Assignment(Guid AppRoleId);

    private sealed record Page<T>(IReadOnlyList<T> Value);

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string AccessToken, [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
