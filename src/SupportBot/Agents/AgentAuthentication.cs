using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using SupportBot.Handoff;
using SupportBot.Touchpoints.External;

namespace SupportBot.Agents;

/// How agents prove who they are: tools send an API key; people sign in to the console (local account or
/// Microsoft Entra ID) and carry a cookie. One policy scheme picks per request, so the agent API, the console and
/// the hub all accept either.
internal static class AgentAuthentication
{
    public const string Scheme = "Agent";
    public const string CookieScheme = "AgentCookie";
    public const string EntraIdScheme = "EntraId";
    public const string CookieName = "supportbot.agent";

    public static void AddAgentAuthentication(this IServiceCollection services, AgentOptions agents)
    {
        var authentication = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or console sign-in", options => options.ForwardDefaultSelector = context
                => context.Request.Path.StartsWithSegments(TouchpointSourceAuthentication.PathPrefix, StringComparison.OrdinalIgnoreCase) ? TouchpointSourceAuthentication.SchemeName
                : context.Request.Headers.ContainsKey(ApiKeyAuthentication.Header) ? ApiKeyAuthentication.SchemeName
                : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = ConsoleSessions.Lifetime;
                options.SlidingExpiration = true;
                // The console is a script calling an API: it wants status codes, not redirects to a login page.
                options.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
                // A signed-out session stays signed out, on every instance.
                options.Events.OnSigningIn = ConsoleSessions.OnSigningInAsync;
                options.Events.OnValidatePrincipal = ConsoleSessions.OnValidatePrincipalAsync;
            });
        if (agents.EntraId.Enabled)
        {
            authentication.AddOpenIdConnect(EntraIdScheme, "Microsoft Entra ID", options => ConfigureEntraId(options, agents.EntraId));
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(AgentApi.Policy, policy => policy
                .AddAuthenticationSchemes(Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(AgentIdentity.AgentRole, AgentIdentity.SupervisorRole))
            .AddPolicy(AgentApi.SupervisorPolicy, policy => policy
                .AddAuthenticationSchemes(Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(AgentIdentity.SupervisorRole));
    }

    public static bool IsApiKey(ClaimsPrincipal user) => user.Identity?.AuthenticationType == ApiKeyAuthentication.SchemeName;

    // Roles are the app roles of the Entra ID app registration ("agent", "supervisor"); a user with neither is
    // refused. The console's own cookie then carries the same claims as a local sign-in.
    private static void ConfigureEntraId(OpenIdConnectOptions options, EntraIdOptions entra)
    {
        options.Authority = $"{entra.Instance.TrimEnd('/')}/{entra.TenantId}/v2.0";
        options.ClientId = entra.ClientId;
        options.ClientSecret = entra.ClientSecret;
        options.ResponseType = "code";
        options.CallbackPath = "/agent/signin-oidc";
        options.SignInScheme = CookieScheme;
        options.MapInboundClaims = false;
        options.Scope.Add("profile");
        options.Events.OnTokenValidated = context =>
        {
            if (EntraIdAgent(context.Principal!) is { } agent)
            {
                context.Principal = AgentPrincipal.Create(agent, CookieScheme);
            }
            else
            {
                context.Fail("The Entra ID app registration gives this user neither the 'agent' nor the 'supervisor' app role.");
            }
            return Task.CompletedTask;
        };
    }

    /// The agent an Entra ID token names, with the higher of its app roles; null without either role.
    public static AgentIdentity? EntraIdAgent(ClaimsPrincipal token)
    {
        var roles = token.FindAll("roles").Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var role = roles.Contains(AgentIdentity.SupervisorRole) ? AgentIdentity.SupervisorRole
            : roles.Contains(AgentIdentity.AgentRole) ? AgentIdentity.AgentRole
            : null;
        var id = token.FindFirstValue("preferred_username") ?? token.FindFirstValue("oid");
        return role is null || id is null ? null : new AgentIdentity(id, token.FindFirstValue("name") ?? id, role);
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
