using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
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
    private (IReadOnlyDictionary<string, Guid[]> RolesByGroup, DateTimeOffset ReadAt)? _groupAssignments;

    /// How long the app's group assignments are kept before Graph is asked again: they change rarely, and every
    /// open Entra session's re-read needs them.
    internal static readonly TimeSpan GroupAssignmentsLifetime = TimeSpan.FromMinutes(5);

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
        var roleIds = (assigned?.Value ?? []).Select(a => a.AppRoleId).ToList();
        var rolesByGroup = await GroupAssignmentsAsync(app, cancellationToken);
        if (rolesByGroup.Count > 0)
        {
            await foreach (var group in PagesAsync<DirectoryObject>($"v1.0/users/{objectId}/memberOf/microsoft.graph.group?$select=id", cancellationToken))
            {
                if (rolesByGroup.TryGetValue(group.Id, out var groupRoles))
                {
                    roleIds.AddRange(groupRoles);
                }
            }
        }
        var roles = roleIds
            .Select(id => app.AppRoles.FirstOrDefault(r => r.Id == id)?.Value)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return roles.Contains(AgentIdentity.SupervisorRole) ? AgentIdentity.SupervisorRole
            : roles.Contains(AgentIdentity.AgentRole) ? AgentIdentity.AgentRole
            : null;
    }

    // The app roles the app's service principal gives to groups, by group id (users and other apps left out).
    private async Task<IReadOnlyDictionary<string, Guid[]>> GroupAssignmentsAsync(ServicePrincipal app, CancellationToken cancellationToken)
    {
        if (_groupAssignments is { } cached && time.GetUtcNow() - cached.ReadAt < GroupAssignmentsLifetime)
        {
            return cached.RolesByGroup;
        }
        var assignments = new List<Assignment>();
        await foreach (var assignment in PagesAsync<Assignment>($"v1.0/servicePrincipals/{app.Id}/appRoleAssignedTo", cancellationToken))
        {
            assignments.Add(assignment);
        }
        var rolesByGroup = assignments
            .Where(a => a.PrincipalType == "Group" && a.PrincipalId is not null)
            .GroupBy(a => a.PrincipalId!)
            .ToDictionary(g => g.Key, g => g.Select(a => a.AppRoleId).ToArray());
        _groupAssignments = (rolesByGroup, time.GetUtcNow());
        return rolesByGroup;
    }

    // Every item of a Graph collection, following @odata.nextLink from page to page.
    private async IAsyncEnumerable<T> PagesAsync<T>(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = path;
        while (next is not null)
        {
            var page = await GetAsync<Page<T>>(next, cancellationToken)
                ?? throw new HttpRequestException($"Microsoft Graph answered 404 to {path}.");
            foreach (var item in page.Value)
            {
                yield return item;
            }
            next = page.NextLink;
        }
    }

    // Null for a 404 (a deleted user); any other failure throws. An absolute path is a next page link from Graph.
    private async Task<T?> GetAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, GraphUri(path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
    }

    // Relative paths are Graph's; a next page link must be on Graph's own host, so the token never goes elsewhere.
    private Uri GraphUri(string path)
    {
        var graph = new Uri(Entra.GraphBaseUrl.TrimEnd('/') + "/");
        var uri = new Uri(graph, path);
        return Uri.Compare(uri, graph, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? uri
            : throw new HttpRequestException($"Microsoft Graph linked to {uri.GetLeftPart(UriPartial.Authority)}, which is not {Entra.GraphBaseUrl}.");
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

    private sealed record Assignment(Guid AppRoleId, string? PrincipalId = null, string? PrincipalType = null);

    private sealed record DirectoryObject(string Id);

    private sealed record Page<T>(IReadOnlyList<T> Value, [property: JsonPropertyName("@odata.nextLink")] string? NextLink = null);

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string AccessToken, [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
