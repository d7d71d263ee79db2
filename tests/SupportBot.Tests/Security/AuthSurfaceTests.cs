using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Agents;
using SupportBot.Tests.BotFramework;
using SupportBot.Tests.Channels;
using SupportBot.Tests.Hosting;

namespace SupportBot.Tests.Security;

/// Walks every endpoint the host maps and proves that each refuses callers without credentials and callers with the
/// wrong ones. A new endpoint fails this test until it requires authorization or is listed below with a reason.
public sealed partial class AuthSurfaceTests : IClassFixture<AuthSurfaceTests.Host>
{
    /// Endpoints anyone may call, and why that is safe.
    private static readonly Dictionary<string, string> Anonymous = new()
    {
        ["GET /healthz"] = "liveness for load balancers; answers only 'Healthy'",
        ["GET /readyz"] = "readiness for load balancers; answers only whether the store answers",
        ["GET /openapi/{documentName}.json"] = "describes the agent API; holds no data",
        ["GET /kb/{**articleId}"] = "the public help articles that answers cite",
        ["POST /api/directline/token"] = "the chat page's token for a new conversation of its own; rate-limited per address",
        ["GET /agent/session"] = "tells the console whether it is signed in; an antiforgery token only for a signed-in agent",
        ["POST /agent/signin"] = "the console's sign-in itself; rate-limited per address and per account",
        ["GET /agent/signin/entra"] = "redirects to Microsoft Entra ID, which signs the agent in",
        ["GET /v3/directline/attachments/{id}/{name}"] = "an upload served back at an unguessable URL (128 random bits), as the service does, so Web Chat can show it in <img>",
    };

    /// Endpoints that authenticate in their channel's own protocol instead of ASP.NET Core authorization.
    private static readonly Dictionary<string, string> ChannelAuthenticated = new()
    {
        ["POST /api/messages"] = "the Bot Framework channel's JWT",
        ["POST /v3/directline/tokens/generate"] = "the Direct Line secret",
        ["POST /v3/directline/tokens/refresh"] = "a Direct Line token",
        ["POST /v3/directline/tokens/revoke"] = "the Direct Line token it revokes (its holder gives it up)",
        ["POST /v3/directline/conversations"] = "the Direct Line secret or a token",
        ["GET /v3/directline/conversations/{conversationId}"] = "a Direct Line token of that conversation, or the secret",
        ["GET /v3/directline/conversations/{conversationId}/activities"] = "a Direct Line token of that conversation, or the secret",
        ["POST /v3/directline/conversations/{conversationId}/activities"] = "a Direct Line token of that conversation, or the secret",
        ["POST /v3/directline/conversations/{conversationId}/upload"] = "a Direct Line token of that conversation, or the secret",
        ["GET /v3/directline/conversations/{conversationId}/stream"] = "a Direct Line token of that conversation in 't', or the secret",
    };

    private readonly Host _host;

    public AuthSurfaceTests(Host host) => _host = host;

    public sealed class Host : IDisposable
    {
        public const string AgentKey = "agent-key-for-the-surface-walk";
        public const string SupervisorKey = "supervisor-key-for-the-surface-walk";

        public Host()
        {
            Factory.Settings["Agents:ApiKeys:0:Key"] = AgentKey;
            Factory.Settings["Agents:ApiKeys:0:Agent"] = "dewi";
            Factory.Settings["Agents:ApiKeys:0:Role"] = "agent";
            Factory.Settings["Agents:ApiKeys:1:Key"] = SupervisorKey;
            Factory.Settings["Agents:ApiKeys:1:Agent"] = "sari";
            Factory.Settings["Agents:ApiKeys:1:Role"] = "supervisor";
            // /api/messages checks tokens; nothing here may reach a real authority, so the metadata is on a closed port.
            Factory.Settings["Bot:MicrosoftAppId"] = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8";
            Factory.Settings["Bot:MicrosoftAppPassword"] = "surface-walk-password";
            Factory.Settings["Bot:ToBotFromChannelOpenIdMetadataUrl"] = "http://127.0.0.1:9/metadata";
            Factory.Settings["Bot:ToBotFromEmulatorOpenIdMetadataUrl"] = "http://127.0.0.1:9/metadata";
            Factory.Settings["Limits:TokensPerClientPerMinute"] = "10000";
            _ = Factory.Server;
        }

        public SupportBotFactory Factory { get; } = new();

        /// Every routed endpoint as "METHOD /pattern", with what it demands.
        public IReadOnlyList<(string Key, string Method, RouteEndpoint Endpoint)> Endpoints()
            => [.. Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Take(1).Select(method => (Key: $"{method} {e.RoutePattern.RawText}", Method: method, Endpoint: e)))
                .DistinctBy(e => e.Key)];

        public void Dispose() => Factory.Dispose();
    }

    private static bool RequiresAuthorization(Endpoint endpoint)
        => endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;

    private static bool SupervisorsOnly(Endpoint endpoint)
        => endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == AgentApi.SupervisorPolicy);

    // Route parameters filled with values that name nothing: a refusal must not depend on the thing existing.
    // A value each parameter's constraint takes, so the request reaches the endpoint's authorization, not a 404.
    private static string Path(RouteEndpoint endpoint)
        => RouteParameter().Replace(endpoint.RoutePattern.RawText!, p => p.Value.Contains(":long", StringComparison.Ordinal) || p.Value.Contains(":int", StringComparison.Ordinal) ? "1" : "probe");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    private async Task<HttpResponseMessage> SendAsync(string method, string path, Action<HttpRequestMessage>? credentials = null, string body = "{}")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        credentials?.Invoke(request);
        return await _host.Factory.CreateClient().SendAsync(request);
    }

    [Fact]
    public void Every_endpoint_requires_authorization_or_is_listed_with_its_reason()
    {
        var endpoints = _host.Endpoints();
        var unprotected = endpoints
            .Where(e => !RequiresAuthorization(e.Endpoint) && !Anonymous.ContainsKey(e.Key) && !ChannelAuthenticated.ContainsKey(e.Key))
            .Select(e => e.Key);
        Assert.Empty(unprotected);
        // A listed endpoint that demands authorization after all should leave the list.
        Assert.Empty(endpoints.Where(e => RequiresAuthorization(e.Endpoint) && (Anonymous.ContainsKey(e.Key) || ChannelAuthenticated.ContainsKey(e.Key))).Select(e => e.Key));
        Assert.Contains(endpoints, e => e.Key == "GET /api/agent/queue");
    }

    [Fact]
    public async Task Every_protected_endpoint_refuses_no_credentials_a_wrong_key_and_a_customers_token()
    {
        var customer = new DirectLineClient(_host.Factory.CreateClient());
        await customer.StartAsync();
        var protectedEndpoints = _host.Endpoints().Where(e => RequiresAuthorization(e.Endpoint)).ToList();
        Assert.NotEmpty(protectedEndpoints);

        var failures = new List<string>();
        foreach (var (key, method, endpoint) in protectedEndpoints)
        {
            var path = Path(endpoint);
            Expect(failures, key, "no credentials", HttpStatusCode.Unauthorized, await SendAsync(method, path));
            Expect(failures, key, "a wrong API key", HttpStatusCode.Unauthorized,
                await SendAsync(method, path, r => r.Headers.Add(ApiKeyAuthentication.Header, "not-a-key-of-this-host")));
            Expect(failures, key, "a customer's Direct Line token", HttpStatusCode.Unauthorized,
                await SendAsync(method, path, r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.Token)));
            Expect(failures, key, "the Direct Line secret", HttpStatusCode.Unauthorized,
                await SendAsync(method, path, r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SupportBotFactory.TestSecret)));
            if (SupervisorsOnly(endpoint))
            {
                Expect(failures, key, "an agent's key (supervisors only)", HttpStatusCode.Forbidden,
                    await SendAsync(method, path, r => r.Headers.Add(ApiKeyAuthentication.Header, Host.AgentKey)));
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Every_Direct_Line_conversation_endpoint_refuses_no_credentials_and_another_conversations_token()
    {
        var owner = new DirectLineClient(_host.Factory.CreateClient());
        await owner.StartAsync();
        var stranger = new DirectLineClient(_host.Factory.CreateClient());
        await stranger.StartAsync();

        var failures = new List<string>();
        foreach (var (key, method, endpoint) in _host.Endpoints().Where(e => ChannelAuthenticated.ContainsKey(e.Key) && e.Key.Contains("{conversationId}", StringComparison.Ordinal)))
        {
            var path = endpoint.RoutePattern.RawText!.Replace("{conversationId}", Uri.EscapeDataString(owner.ConversationId), StringComparison.Ordinal);
            if (key.EndsWith("/stream", StringComparison.Ordinal))
            {
                await ExpectStreamRefusedAsync(failures, path, null);
                await ExpectStreamRefusedAsync(failures, path, stranger.Token);
                continue;
            }
            Expect(failures, key, "no credentials", HttpStatusCode.Unauthorized, await SendAsync(method, path));
            Expect(failures, key, "another conversation's token", HttpStatusCode.Forbidden,
                await SendAsync(method, path, r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", stranger.Token)));
            Expect(failures, key, "an agent's API key", HttpStatusCode.Unauthorized,
                await SendAsync(method, path, r => r.Headers.Add(ApiKeyAuthentication.Header, Host.SupervisorKey)));
        }
        Assert.Empty(failures);
        // The stranger's refused posts left nothing in the owner's conversation.
        Assert.DoesNotContain((await owner.GetActivitiesAsync()).Activities, a => a.From?.Id == stranger.ConversationId);
    }

    [Fact]
    public async Task The_other_channel_endpoints_refuse_callers_without_their_credentials()
    {
        var customer = new DirectLineClient(_host.Factory.CreateClient());
        await customer.StartAsync();

        // A well-formed activity: the token is checked once the body says which channel it claims to come from.
        var activity = Fixture.Read("teams-personal-message");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("POST", "/api/messages", body: activity)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("POST", "/api/messages", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-jwt"), activity)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("POST", "/api/messages", r => r.Headers.Add(ApiKeyAuthentication.Header, Host.SupervisorKey), activity)).StatusCode);
        // Only the secret mints tokens for other users; a customer's token cannot.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("POST", "/v3/directline/tokens/generate")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync("POST", "/v3/directline/tokens/generate", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.Token))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("POST", "/v3/directline/tokens/refresh")).StatusCode);
        // Only a token revokes itself: no credential, a forged one or the secret revokes nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("POST", "/v3/directline/tokens/revoke")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync("POST", "/v3/directline/tokens/revoke", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.Token + "x"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync("POST", "/v3/directline/tokens/revoke", r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SupportBotFactory.TestSecret))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{customer.ConversationId}/activities")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("POST", "/v3/directline/conversations")).StatusCode);
    }

    private async Task ExpectStreamRefusedAsync(List<string> failures, string path, string? token)
    {
        var client = _host.Factory.Server.CreateWebSocketClient();
        var uri = new Uri(_host.Factory.Server.BaseAddress, token is null ? path : $"{path}?t={Uri.EscapeDataString(token)}");
        try
        {
            using var socket = await client.ConnectAsync(uri, CancellationToken.None);
            failures.Add($"stream with {(token is null ? "no token" : "another conversation's token")}: connected");
        }
        catch (InvalidOperationException)
        {
            // The test server refuses the upgrade: the host answered with an error status instead of 101.
        }
    }

    private static void Expect(List<string> failures, string endpoint, string caller, HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
        {
            failures.Add($"{endpoint} with {caller}: {(int)response.StatusCode}, expected {(int)expected}");
        }
    }
}
