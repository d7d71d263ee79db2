using Microsoft.AspNetCore.Authentication;
using SupportBot.Settings;

namespace SupportBot.Touchpoints.External;

internal static class ExternalTouchpointServices
{
    public static IServiceCollection AddExternalTouchpoints(this IServiceCollection services)
    {
        services.AddSettings<TouchpointsOptions>(TouchpointsOptions.Section);
        services.AddSingleton<ExternalTouchpointStore>();
        services.AddSingleton<TouchpointRetention>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TouchpointSourceAuthentication>(TouchpointSourceAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(TouchpointSourceAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(TouchpointSourceAuthentication.SchemeName)
            .RequireAuthenticatedUser());
        return services;
    }
}
