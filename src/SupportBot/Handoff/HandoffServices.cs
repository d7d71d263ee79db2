using SupportBot.Settings;

namespace SupportBot.Handoff;

internal static class HandoffServices
{
    /// Handoff to people: the customer's side (CustomerHandoff), the agents' (HandoffService), the queue both move
    /// handoffs through, and routing, SLA targets and tickets.
    public static IServiceCollection AddHandoff(this IServiceCollection services)
    {
        services.AddSettings<HandoffOptions>(HandoffOptions.Section);
        services.AddSingleton<HandoffStore>();
        services.AddSingleton<HandoffSummarizer>();
        services.AddSingleton<HandoffQueue>();
        services.AddSingleton<HandoffService>();
        services.AddSingleton<CustomerHandoff>();
        services.AddHandoffRouting();
        return services;
    }
}
