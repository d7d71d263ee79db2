using Microsoft.AspNetCore.Authentication;

namespace SupportBot.Touchpoints.External;

internal static class ExternalTouchpointServices
{
    public static IServiceCollection AddExternalTouchpoints(this IServiceCollection services)
    {
        services.AddOptions<TouchpointsOptions>().BindConfiguration(TouchpointsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ExternalTouchpointStore>();
        services.AddSingleton<TouchpointRetention>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TouchpointSourceAuthentication>(TouchpointSourceAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(TouchpointSourceAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(TouchpointSourceAuthentication.SchemeName)
            .RequireAuthenticatedUser());
        return services;
    }
}
