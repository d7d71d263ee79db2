using SupportBot.Settings;

namespace SupportBot.Handoff;

internal static class RoutingServices
{
    /// Round robin, SLA targets and the tickets inbox (the router and the SLA monitor start in Hosting/StartupSequence).
    public static IServiceCollection AddHandoffRouting(this IServiceCollection services)
    {
        services.AddSettings<RoutingOptions>(RoutingOptions.Section);
        services.AddSettings<SlaOptions>(SlaOptions.Section);
        services.AddSettings<TicketOptions>(TicketOptions.Section);
        services.AddSingleton<AssignmentStore>();
        services.AddSingleton<RoutingSignal>();
        services.AddSingleton<HandoffRouter>();
        services.AddSingleton<SlaClock>();
        services.AddSingleton<SlaMonitor>();
        services.AddSingleton<TicketStore>();
        services.AddSingleton<TicketMailer>();
        services.AddSingleton<TicketService>();
        return services;
    }
}
