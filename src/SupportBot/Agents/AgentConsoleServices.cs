using SupportBot.Handoff;
using SupportBot.Settings;

namespace SupportBot.Agents;

internal static class AgentConsoleServices
{
    /// The console's working day: preferences, unread mentions, search and the files agents send.
    public static IServiceCollection AddAgentConsole(this IServiceCollection services)
    {
        services.AddSettings<AgentFileOptions>(AgentFileOptions.Section);
        services.AddSingleton<AgentPreferencesStore>();
        services.AddSingleton<MentionInbox>();
        services.AddSingleton<ConversationSearch>();
        services.AddSingleton<AgentFileDeliveries>();
        return services;
    }
}
