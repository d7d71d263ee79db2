using SupportBot.Touchpoints.External;

namespace SupportBot.Touchpoints;

internal static class TouchpointServices
{
    /// The touchpoint log, and the touchpoints other systems send in (with their retention).
    public static IServiceCollection AddTouchpoints(this IServiceCollection services)
    {
        services.AddSingleton<TouchpointStore>();
        services.AddExternalTouchpoints();
        return services;
    }
}
