using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Agents;

/// Microsoft Entra ID's token endpoint and the part of Microsoft Graph the console reads, on loopback, in their wire
/// format: client credentials at /{tenant}/oauth2/v2.0/token; GET /v1.0/users/{id}, the app's service principal by
/// appId with its appRoles, the user's appRoleAssignments filtered by resourceId, the service principal's
/// appRoleAssignedTo and the user's direct group memberships (memberOf cast to groups), both in pages of
/// PageSize linked by @odata.nextLink as Graph pages them. Graph answers only the token the endpoint issued; an
/// unknown user is Graph's 404 error body; Down answers 503 everywhere.
public sealed class FakeEntraGraph : IAsyncDisposable
{
    public const string Tenant = "contoso-tenant";
    public const string ClientId = "console-client-id";
    public const string ClientSecret = "console-client-secret-0123456789";
    public static readonly Guid AgentRoleId = Guid.Parse("0b2f7d0e-0b52-4a36-9a8f-2b1c5e0d9a01");
    public static readonly Guid SupervisorRoleId = Guid.Parse("6c1e2f4a-7d3b-4f0e-8e21-9a4b3c2d1e02");
    private const string ServicePrincipalId = "8a9b0c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d";
    private const string AccessToken = "graph-access-token-issued-by-the-fake";

    private readonly WebApplication _app;

    private FakeEntraGraph(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public bool Down { get; set; }

    /// Users by object id: whether the account is enabled and the app role ids assigned to it.
    public ConcurrentDictionary<string, (bool Enabled, Guid[] Roles)> Users { get; } = new();

    /// App role ids assigned to groups, by group id.
    public ConcurrentDictionary<string, Guid[]> GroupRoles { get; } = new();

    /// The groups each user is a direct member of, by user object id.
    public ConcurrentDictionary<string, string[]> Memberships { get; } = new();

    public int PageSize { get; set; } = 2;

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeEntraGraph> StartAsync()
    {
        var app = LoopbackWebApp.Create();
        var graph = new FakeEntraGraph(app);
        app.Run(graph.HandleAsync);
        graph.BaseUrl = await app.StartOnLoopbackAsync();
        return graph;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? string.Empty);
        Requests.Enqueue(path + Uri.UnescapeDataString(context.Request.QueryString.Value ?? string.Empty));
        if (Down)
        {
            await Answer(context, StatusCodes.Status503ServiceUnavailable, Error("serviceNotAvailable", "The service is temporarily unavailable."));
            return;
        }
        if (context.Request.Method == "POST" && path == $"/{Tenant}/oauth2/v2.0/token")
        {
            var form = await context.Request.ReadFormAsync();
            var valid = form["grant_type"] == "client_credentials" && form["client_id"] == ClientId && form["client_secret"] == ClientSecret
                && form["scope"] == $"{BaseUrl}/.default";
            await Answer(context, valid ? 200 : 401, valid
                ? new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 3599, ["ext_expires_in"] = 3599, ["access_token"] = AccessToken }
                : new JsonObject { ["error"] = "invalid_client", ["error_description"] = "AADSTS7000215: Invalid client secret provided." });
            return;
        }
        if (context.Request.Headers.Authorization != $"Bearer {AccessToken}")
        {
            await Answer(context, 401, Error("InvalidAuthenticationToken", "Access token is empty."));
            return;
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["v1.0", var principal] && principal == $"servicePrincipals(appId='{ClientId}')")
        {
            await Answer(context, 200, new JsonObject
            {
                ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(id,appRoles)/$entity",
                ["id"] = ServicePrincipalId,
                ["appRoles"] = new JsonArray(Role(AgentRoleId, "agent"), Role(SupervisorRoleId, "supervisor")),
            });
            return;
        }
        if (segments is ["v1.0", "users", var id, ..] && !Users.TryGetValue(id, out _))
        {
            await Answer(context, 404, Error("Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present."));
            return;
        }
        if (segments is ["v1.0", "users", var userId] && Users.TryGetValue(userId, out var user))
        {
            await Answer(context, 200, new JsonObject
            {
                ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users(id,accountEnabled)/$entity",
                ["id"] = userId,
                ["accountEnabled"] = user.Enabled,
            });
            return;
        }
        if (segments is ["v1.0", "users", var assignee, "appRoleAssignments"] && Users.TryGetValue(assignee, out var assigned)
            && context.Request.Query["$filter"] == $"resourceId eq {ServicePrincipalId}")
        {
            var value = new JsonArray([.. assigned.Roles.Select(role => (JsonNode)new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["appRoleId"] = role.ToString(),
                ["principalId"] = assignee,
                ["principalType"] = "User",
                ["resourceId"] = ServicePrincipalId,
                ["resourceDisplayName"] = "SupportBot console",
            })]);
            await Answer(context, 200, new JsonObject { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#appRoleAssignments", ["value"] = value });
            return;
        }
        if (segments is ["v1.0", "servicePrincipals", ServicePrincipalId, "appRoleAssignedTo"])
        {
            var assignments = GroupRoles.OrderBy(g => g.Key, StringComparer.Ordinal)
                .SelectMany(g => g.Value.Select(role => (JsonNode)new JsonObject
                {
                    ["id"] = Guid.NewGuid().ToString(),
                    ["appRoleId"] = role.ToString(),
                    ["principalDisplayName"] = $"Group {g.Key}",
                    ["principalId"] = g.Key,
                    ["principalType"] = "Group",
                    ["resourceId"] = ServicePrincipalId,
                }))
                .Concat(Users.Where(u => u.Value.Roles.Length > 0).Select(u => (JsonNode)new JsonObject
                {
                    ["id"] = Guid.NewGuid().ToString(),
                    ["appRoleId"] = u.Value.Roles[0].ToString(),
                    ["principalId"] = u.Key,
                    ["principalType"] = "User",
                    ["resourceId"] = ServicePrincipalId,
                }))
                .ToList();
            await AnswerPage(context, assignments, "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('" + ServicePrincipalId + "')/appRoleAssignedTo");
            return;
        }
        if (segments is ["v1.0", "users", var member, "memberOf", "microsoft.graph.group"])
        {
            var groups = (Memberships.TryGetValue(member, out var ids) ? ids : [])
                .Select(id => (JsonNode)new JsonObject { ["@odata.type"] = "#microsoft.graph.group", ["id"] = id })
                .ToList();
            await AnswerPage(context, groups, "https://graph.microsoft.com/v1.0/$metadata#groups(id)");
            return;
        }
        await Answer(context, 400, Error("BadRequest", $"Unsupported request {path}."));
    }

    // One page of a collection; the next page's link carries Graph's opaque $skiptoken (here: the offset).
    private async Task AnswerPage(HttpContext context, List<JsonNode> items, string odataContext)
    {
        var skip = int.TryParse(context.Request.Query["$skiptoken"], out var offset) ? offset : 0;
        var body = new JsonObject { ["@odata.context"] = odataContext, ["value"] = new JsonArray([.. items.Skip(skip).Take(PageSize)]) };
        if (skip + PageSize < items.Count)
        {
            var query = QueryString.Create(context.Request.Query
                .Where(q => q.Key != "$skiptoken")
                .Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
                .Append(KeyValuePair.Create("$skiptoken", (string?)(skip + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture))));
            body["@odata.nextLink"] = $"{BaseUrl}{context.Request.Path}{query}";
        }
        await Answer(context, 200, body);
    }

    private static JsonObject Role(Guid id, string value) => new()
    {
        ["allowedMemberTypes"] = new JsonArray("User"),
        ["description"] = value,
        ["displayName"] = value,
        ["id"] = id.ToString(),
        ["isEnabled"] = true,
        ["value"] = value,
    };

    private static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static async Task Answer(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
