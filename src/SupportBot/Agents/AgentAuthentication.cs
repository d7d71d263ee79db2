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
                options.Cookie = new ConsoleCookieBuilder
                {
                    Name = CookieName,
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    SecurePolicy = CookieSecurePolicy.SameAsRequest,
                    IsEssential = true,
                };
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
    // refused. The user's console account (EntraIdAccounts) then signs in to the console's own cookie, which carries
    // the same claims as a local sign-in and is checked against the account on later requests the same way.
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
        options.Events.OnTokenValidated = async context =>
        {
            if (EntraIdUser.From(context.Principal!) is not { } user)
            {
                context.Fail("The Entra ID app registration gives this user neither the 'agent' nor the 'supervisor' app role.");
                return;
            }
            var accounts = context.HttpContext.RequestServices.GetRequiredService<EntraIdAccounts>();
            var (account, refusal) = await accounts.SignInAsync(user, context.HttpContext.RequestAborted);
            if (account is null)
            {
                context.Fail(refusal!);
                return;
            }
            context.Principal = ConsoleSessions.Principal(account);
        };
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
